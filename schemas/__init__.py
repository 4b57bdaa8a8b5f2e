"""The Arrow schemas of every output table; installed with perfclaims as ``perfclaims.schemas``."""
