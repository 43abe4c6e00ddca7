"""Allow `python -m ketacost`."""

from ketacost.cli import main

if __name__ == "__main__":
    main()
