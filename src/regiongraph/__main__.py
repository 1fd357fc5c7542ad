"""``python -m regiongraph`` runs the command line."""

from regiongraph.launch import main

main()
