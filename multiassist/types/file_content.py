"""Mirror of ``openai.types.file_content``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""


#: The content of a file as returned by ``files.content(...).text``.
FileContent = str

__all__ = [
    "FileContent",
]
