"""Italian words for what the operating system refused, instead of its English errno text."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOSPC: "il disco è pieno",
    errno.EDQUOT: "lo spazio disponibile per l'utente è esaurito",
    errno.EROFS: "l'unità è in sola lettura",
    errno.EACCES: "mancano i permessi (file o cartella protetti)",
    errno.EPERM: "mancano i permessi (file o cartella protetti)",
    errno.ENOENT: "il percorso non esiste (spostato, rinominato o su un'unità scollegata?)",
    errno.ENOTDIR: "una parte del percorso è un file, non una cartella",
    errno.EEXIST: "esiste già un file con quel nome",
    errno.EISDIR: "è una cartella, non un file",
    errno.EIO: "errore di lettura o scrittura sul disco (unità rimossa o scollegata?)",
    errno.EBUSY: "il file è in uso da un altro programma",
    errno.ENAMETOOLONG: "il nome del file è troppo lungo",
}


def reason(exc: OSError) -> str:
    """A short Italian reason for `exc`, to follow a colon in a message."""
    if isinstance(exc, PermissionError) and exc.errno is None:
        return _REASONS[errno.EACCES]
    return _REASONS.get(exc.errno or 0, "il sistema operativo ha rifiutato l'operazione")
