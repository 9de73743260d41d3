from django.dispatch import Signal

# Sent with ``instance=thread`` whenever a thread, its replies, tags, audience or hidden state
# change, so search (and anything else keeping a copy of the text) can refresh it.
thread_changed = Signal()
