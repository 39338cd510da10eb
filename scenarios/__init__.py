"""The shipped program designs, one TOML file each; installed as ``sim.data.scenarios``."""
