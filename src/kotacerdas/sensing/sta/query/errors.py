"""The one error of the query language: a human message, the option and the position."""

from __future__ import annotations

from django.utils.translation import gettext as _


class QueryError(ValueError):
    """A query option that cannot be parsed or compiled.

    `position` is the 0-based character offset inside the option's value (None when the whole
    option is wrong, e.g. an unknown option). The API views turn it into a 400 response.
    """

    def __init__(self, message: str, position: int | None = None, option: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.position = position
        self.option = option

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict:
        return {"message": self.message, "option": self.option, "position": self.position}


def option_error(option: str, message: str, position: int | None) -> QueryError:
    """`$filter: <message> (at position 12)`: the shape of every error of this package."""
    if position is None:
        text = _("%(option)s: %(message)s") % {"option": option, "message": message}
    else:
        text = _("%(option)s: %(message)s (at position %(position)d)") % {
            "option": option,
            "message": message,
            "position": position,
        }
    return QueryError(text, position, option)


def describe_token(text: str) -> str:
    """How a token is named in a message: quoted text, or 'the end of the input'."""
    if not text:
        return _("the end of the input")
    return repr(text[:30])
