"""``python -m llmx`` runs the command line (same as the ``llmx`` console script)."""

from llmx.cli import main

if __name__ == "__main__":
    main()
