"""``python -m regiongraph`` runs the command line."""

from regiongraph.cli import main

main()
