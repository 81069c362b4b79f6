"""One lesson page for all 11 sections: the section's order is the page's parameter (see routes.py)."""

from ui.lesson import show_section


def lesson_page(order: int) -> None:
    show_section(order=order)
