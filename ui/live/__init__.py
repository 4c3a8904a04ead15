"""The live workshop window: agenda, timer, board, inspector, projector."""
