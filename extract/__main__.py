"""``python -m perfclaims``. Run as ``python -m extract`` from the repository
folder, this is the folder, not the installed package: hand over to the
installed ``perfclaims`` (the import name), or say how to install it."""
import sys

if __package__ == "perfclaims":
    from .cli import main
else:   # pragma: no cover - the old spelling, from the repository folder
    try:
        from perfclaims.cli import main
    except ImportError:
        sys.exit("error: perfclaims is not installed: run `make` (or `pip install .`), "
                 "then `perfclaims ...` or `python -m perfclaims ...`")

sys.exit(main())
