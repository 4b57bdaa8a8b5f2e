"""The development gold for the bundled corpus; installed with perfclaims as ``perfclaims.gold``."""
