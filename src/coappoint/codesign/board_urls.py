"""Address of the co-design board (kept apart so co-design's own urls.py is left as it is)."""

from django.urls import path

from coappoint.codesign import board

app_name = "codesign_board"
BOARD = "o/<slug:organisation_slug>/events/<int:event_id>/co-design/board/"
urlpatterns = [
    path(BOARD, board.board, name="board"),
    path(f"{BOARD}live/", board.board_live, name="board_live"),
]
