"""The bundled default corpus (a scraped papers page); installed with perfclaims as ``perfclaims.corpus``."""
