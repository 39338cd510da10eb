"""The typed tables declare exactly the columns their schemas create, with the schemas' dtypes.

``People`` and ``Relationships`` annotate their columns so that a type checker sees
``people.stage``; the schema is what creates them at run time. A column added to one and not
the other, or a dtype changed in one only, fails here.
"""

import typing

import numpy as np
import numpy.typing as npt
import pytest

from sim.state import (
    PEOPLE_SCHEMA,
    RELATIONSHIP_SCHEMA,
    People,
    Relationships,
    Table,
    new_people,
    new_relationships,
)


def declared_dtypes(cls: type[Table]) -> dict[str, np.dtype]:
    """Column name -> dtype, read from the class's ``npt.NDArray[...]`` annotations."""
    hints = {
        name: hint
        for name, hint in typing.get_type_hints(cls).items()
        if name not in typing.get_type_hints(Table)
    }
    found = {}
    for name, hint in hints.items():
        assert typing.get_origin(hint) is npt.NDArray, f"{cls.__name__}.{name} is not an array"
        (scalar,) = typing.get_args(hint)
        found[name] = np.dtype(scalar)
    return found


@pytest.mark.parametrize(
    ("cls", "schema"), [(People, PEOPLE_SCHEMA), (Relationships, RELATIONSHIP_SCHEMA)]
)
def test_annotations_match_the_schema(cls, schema):
    declared = declared_dtypes(cls)
    assert list(declared) == list(schema), "annotate the same columns in the schema's order"
    for name, (dtype, _, _) in schema.items():
        assert declared[name] == np.dtype(dtype), f"{cls.__name__}.{name}"


@pytest.mark.parametrize(
    ("make", "cls", "schema"),
    [(new_people, People, PEOPLE_SCHEMA), (new_relationships, Relationships, RELATIONSHIP_SCHEMA)],
)
def test_every_declared_column_is_an_array_of_its_dtype_and_shape(make, cls, schema):
    table = make(4)
    assert isinstance(table, cls)
    table.add_rows(3)
    for name, (dtype, shape, _) in schema.items():
        column = getattr(table, name)
        assert column.dtype == np.dtype(dtype)
        assert column.shape == (3, *shape)
