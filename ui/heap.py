"""Keep Python's garbage collector from pausing the app while a workshop is open.

A full collection walks every object the app holds — with a 5,000-record workshop
open, some 100,000 of them: 70 to 240 ms on a busy 2-core machine, on whichever
thread happens to allocate at that moment, holding the interpreter (and so the
GUI thread) the whole time. When a workshop window is shown, and again when the
Export dialog has imported the brief's modules, everything alive — modules,
widgets, the workshop's records — is moved out of the collector's sight
(:func:`gc.freeze`, a constant-time move); later collections walk only what was
made since. Objects moved there are still freed when nothing refers to them; only
a reference cycle among them is left for later. So when a workshop window
closes, they are given back (:func:`gc.unfreeze`) and the collector's next full
pass reclaims the closed window's cycles; the next workshop shown moves the
survivors out of sight again.
"""

from __future__ import annotations

import gc


def keep_out_of_collections() -> None:
    """Move every object alive now out of the garbage collector's sight (see above)."""
    gc.freeze()


def give_back_to_collections() -> None:
    """Let the garbage collector reclaim, in its next full pass, what was kept out."""
    gc.unfreeze()
