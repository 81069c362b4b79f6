"""第 9 节：讲解、要点、典型错误和小测。"""

from ui.lesson import show_section

show_section(order=9)
