"""The base class every wire model derives from.

Owns two things every model has: the store for wire fields the model does not declare
(``extra``) and the record of which optional fields arrived as an explicit JSON ``null``
(so :meth:`Model.to_dict` gives back the keys that came in).  How a model is read from and
written to JSON is decided in :mod:`multiassist.converter`, not here.
"""

from typing import Any, Dict, FrozenSet, Mapping, Type, TypeVar

import attrs

__all__ = ["Model", "UnknownVariant"]

_M = TypeVar("_M", bound="Model")


@attrs.define(kw_only=True)
class Model:
    """Base of every Assistants API object.

    Attributes carry the wire names (``created_at``, ``thread_id``...).  Two extra pieces of
    state make a decoded object lossless:

    - ``extra``: every wire field this library does not know, keyed by its wire name, with
      its raw JSON value.  It takes part in ``==`` but is left out of ``repr``.  You may also
      set it yourself to send a field this library does not model yet.
    - which optional fields were an explicit ``null`` on the wire (private).

    :meth:`to_dict` writes an optional field whose value is ``None`` only when the wire had
    it as ``null``; a model built in code therefore leaves unset fields out of the body.
    """

    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)
    # Names of optional fields that were present as JSON null when this object was decoded.
    _wire_nulls: FrozenSet[str] = attrs.field(factory=frozenset, init=False, repr=False, eq=False)

    def to_dict(self) -> Dict[str, Any]:
        """Return the wire (JSON-ready) form of this object.

        A decoded object gives back the keys it was decoded from, unknown ones included,
        with any changes you made.  Fields left at ``None`` that were not ``null`` on the
        wire are omitted.
        """
        from multiassist.converter import to_dict

        return to_dict(self)

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """Build this model from wire data (a decoded JSON object).

        Raises :class:`multiassist.errors.ResponseDecodeError` when ``data`` does not fit;
        the message names the model and the path of the first bad fields.
        """
        from multiassist.converter import structure

        return structure(data, cls)


@attrs.define(kw_only=True, repr=False)
class UnknownVariant(Model):
    """Base of the fallback classes for a tagged union member whose ``type`` is unknown.

    A server may add a new kind of tool, content part, annotation... before this library
    knows it.  Such an object is never forced into a known class: it becomes the union's
    ``Unknown*`` class, which keeps ``type`` and every other key (in ``extra``), and
    :meth:`to_dict` returns the object exactly as received.
    """

    type: str

    @property
    def raw(self) -> Dict[str, Any]:
        """The object as it appeared on the wire (same as :meth:`to_dict`)."""
        return self.to_dict()

    def __repr__(self) -> str:
        shown = [
            f"{a.name}={getattr(self, a.name)!r}"
            for a in attrs.fields(self.__class__)
            if a.init and a.name != "extra"
        ]
        shown.append(f"extra={self.extra!r}")
        return f"{self.__class__.__name__}({', '.join(shown)})"
