"""Event actions beyond the page editor: who may see where each ended, opening a discussion
from one, the programme team's list of open actions, and reminders before they fall due."""
