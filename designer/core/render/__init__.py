"""Diagrams: the schema as Graphviz DOT text (pure; running ``dot`` is ``projects.diagrams``)."""
