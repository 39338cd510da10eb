"""Names and short personas for the people of a run, so a room follows a person, not a row.

A name is generated from the person's key, which is the same under every design run on one
seed, so a person keeps their name in A and in B. The name is drawn from a heritage consistent
with what the model knows of the person: URM people (in US academic medicine: Black, Hispanic
or Latino, American Indian or Alaska Native, Native Hawaiian or Pacific Islander heritage) get
names from those heritages, others from White, East Asian and South Asian ones, and first names
match the person's gender. Names are invented for teaching; any likeness is chance.
"""

from __future__ import annotations

from sim.state import TRACK_NAMES, TRAIT_NAMES

#: Heritage -> (women's first names, men's first names, family names).
_URM = {
    "black": (
        ("Aisha", "Imani", "Keisha", "Nia", "Tamika", "Adaeze", "Zora", "Ebony"),
        ("Darnell", "Malik", "Andre", "Jamal", "Kwame", "Terrence", "Obinna", "Marcus"),
        ("Washington", "Jefferson", "Okafor", "Mensah", "Banks", "Robinson", "Coleman", "Diallo"),
    ),
    "latino": (
        ("María", "Lucía", "Gabriela", "Carmen", "Daniela", "Rosa", "Ximena", "Valeria"),
        ("José", "Luis", "Alejandro", "Diego", "Carlos", "Mateo", "Javier", "Rafael"),
        ("García", "Hernández", "Martínez", "López", "Ramírez", "Torres", "Flores", "Morales"),
    ),
    "native": (
        ("Winona", "Leilani", "Tala", "Kalani", "Aiyana", "Malia"),
        ("Kai", "Makoa", "Tahoma", "Keoni", "Hania", "Nakoma"),
        ("Begay", "Yazzie", "Kahale", "Tsosie", "Keawe", "Redcloud"),
    ),
}
_NOT_URM = {
    "white": (
        ("Emily", "Sarah", "Katherine", "Anna", "Rebecca", "Laura", "Claire", "Megan"),
        ("James", "Michael", "David", "Thomas", "Peter", "Daniel", "Andrew", "Robert"),
        ("Miller", "Anderson", "Keller", "Sullivan", "Novak", "Larsen", "Brennan", "Fischer"),
    ),
    "east_asian": (
        ("Mei", "Yuki", "Ji-woo", "Lan", "Hana", "Xin"),
        ("Wei", "Hiroshi", "Min-jun", "Jian", "Kenji", "Tuan"),
        ("Chen", "Wang", "Nakamura", "Kim", "Park", "Nguyen"),
    ),
    "south_asian": (
        ("Priya", "Ananya", "Kavya", "Nisha", "Shreya", "Fatima"),
        ("Arjun", "Rahul", "Vikram", "Sanjay", "Imran", "Rohan"),
        ("Patel", "Shah", "Iyer", "Reddy", "Khan", "Gupta"),
    ),
}
#: Shares of the non-URM heritages (roughly US academic medicine's faculty: about three in four
#: White, the rest Asian); an illustration for names, not a model input.
_NOT_URM_ORDER = ("white", "white", "white", "white", "white", "east_asian", "south_asian")
_URM_ORDER = ("black", "black", "latino", "latino", "latino", "native")

#: Traits described in a persona when high or low (drawn 0-1).
HIGH = 0.7
LOW = 0.3
_TRAIT_WORDS = {
    "ability": ("very able", "still finding their feet"),
    "work_ethic": ("hard-working", "guarded about their time"),
    "teamwork": ("a natural team player", "happier working alone"),
    "emotional_intelligence": ("perceptive with people", "sometimes misreads people"),
    "receptiveness": ("open to advice", "slow to take advice"),
    "proactiveness": ("proactive", "waits to be asked"),
}


def _mix(key: int, salt: int) -> int:
    """A well-spread, platform-independent integer from a key (splitmix64's finaliser)."""
    z = (key * 0x9E3779B97F4A7C15 + salt * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def name(key: int, woman: bool, urm: bool) -> str:
    """A person's generated name: the same key, gender and URM status give the same name."""
    order = _URM_ORDER if urm else _NOT_URM_ORDER
    table = _URM if urm else _NOT_URM
    women, men, families = table[order[_mix(key, 1) % len(order)]]
    firsts = women if woman else men
    return f"{firsts[_mix(key, 2) % len(firsts)]} {families[_mix(key, 3) % len(families)]}"


def person_name(model, row: int) -> str:
    """The generated name of a people row of a model."""
    p = model.people
    return name(int(p.key[row]), bool(p.woman[row]), bool(p.urm[row]))


def persona(model, row: int) -> str:
    """Two short sentences: who the person is, and what stands out in their traits."""
    p = model.people
    track = TRACK_NAMES[p.track[row]].replace("_", "-")
    pronoun = "She" if p.woman[row] else "He"
    who = (
        f"{person_name(model, row)} is a {track} in department {p.department[row] + 1}, "
        f"who joined in year {p.hire_year[row]} as {STAGE_WORDS[p.hire_stage[row]]}."
    )
    high = [
        words[0]
        for trait, words in _TRAIT_WORDS.items()
        if p.traits[row, TRAIT_NAMES.index(trait)] >= HIGH
    ]
    low = [
        words[1]
        for trait, words in _TRAIT_WORDS.items()
        if p.traits[row, TRAIT_NAMES.index(trait)] <= LOW
    ]
    said = high[:2] + low[:1]
    if not said:
        return f"{who} {pronoun} is in the middle of the pack on every trait."
    return f"{who} {pronoun} is {_join(said)}."


#: Career stages in a sentence (``sim.state.STAGE_NAMES`` order).
STAGE_WORDS = (
    "a trainee",
    "an assistant professor",
    "an associate professor",
    "a full professor",
    "a leader",
)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
