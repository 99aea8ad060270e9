"""Recursive-descent parser of `$filter` expressions (SensorThings 1.1 §9.3.3.5, an OData 4 subset).

Precedence, lowest first: or, and, not, comparison (eq ne gt ge lt le, not chainable),
additive (add sub), multiplicative (mul div mod), unary minus, primary. `not` applies to the
boolean expression that follows it, as SensorThings servers read `not name eq 'x'`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .ast import COMPARISON_OPS, BinaryOp, Expr, FunctionCall, Literal, Negate, Not, Path
from .errors import QueryError, describe_token
from .lexer import Token, tokenize

# name -> (minimum, maximum) number of arguments
FUNCTIONS: dict[str, tuple[int, int]] = {
    # strings
    "substringof": (2, 2),
    "endswith": (2, 2),
    "startswith": (2, 2),
    "contains": (2, 2),
    "length": (1, 1),
    "indexof": (2, 2),
    "substring": (2, 3),
    "tolower": (1, 1),
    "toupper": (1, 1),
    "trim": (1, 1),
    "concat": (2, 2),
    # date and time
    "year": (1, 1),
    "month": (1, 1),
    "day": (1, 1),
    "hour": (1, 1),
    "minute": (1, 1),
    "second": (1, 1),
    "fractionalseconds": (1, 1),
    "date": (1, 1),
    "time": (1, 1),
    "totaloffsetminutes": (1, 1),
    "now": (0, 0),
    "mindatetime": (0, 0),
    "maxdatetime": (0, 0),
    # math
    "round": (1, 1),
    "floor": (1, 1),
    "ceiling": (1, 1),
    # geospatial
    "geo.distance": (2, 2),
    "geo.length": (1, 1),
    "geo.intersects": (2, 2),
    "st_equals": (2, 2),
    "st_disjoint": (2, 2),
    "st_touches": (2, 2),
    "st_within": (2, 2),
    "st_overlaps": (2, 2),
    "st_crosses": (2, 2),
    "st_intersects": (2, 2),
    "st_contains": (2, 2),
    "st_relate": (3, 3),
}

_LITERAL_TOKENS = {
    "STRING": "string",
    "DATETIME": "datetime",
    "DATE": "date",
    "INTERVAL": "interval",
    "DURATION": "duration",
    "GEOGRAPHY": "geography",
}
# Limits that keep parsing, compiling and Django's SQL compiler far from Python's recursion limit,
# and the SQL within SQLite's parser stack (about 100 levels of parentheses).
MAX_NESTING = 30  # parentheses, function calls, not and unary minus inside one another
MAX_OPERATORS = 1000  # and, or, comparisons and arithmetic in one expression
MAX_ARITHMETIC = 40  # add sub mul div mod in one expression (they nest left to right)


class _Parser:
    def __init__(self, text: str, option: str, offset: int):
        self.option = option
        self.offset = offset
        self.tokens = tokenize(text, option, offset)
        self.i = 0
        self.depth = 0
        self.operators = 0
        self.arithmetic = 0

    # --- helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, expected: str, token: Token | None = None) -> QueryError:
        token = token or self.tok
        return QueryError(
            _("%(option)s: expected %(expected)s at position %(position)d, found %(found)s")
            % {
                "option": self.option,
                "expected": expected,
                "position": token.position + self.offset,
                "found": describe_token(token.text),
            },
            token.position + self.offset,
            self.option,
        )

    def word(self) -> str | None:
        return self.tok.text.lower() if self.tok.kind == "IDENT" else None

    def advance(self) -> Token:
        token = self.tok
        self.i += 1
        return token

    def operator(self) -> Token:
        """Consume an operator token, counting it against the limits."""
        token = self.tok
        self.operators += 1
        if token.text.lower() in ("add", "sub", "mul", "div", "mod"):
            self.arithmetic += 1
        if self.operators > MAX_OPERATORS or self.arithmetic > MAX_ARITHMETIC:
            raise self.error(
                _("a shorter expression (at most %(ops)d operators, %(arith)d of them arithmetic)")
                % {"ops": MAX_OPERATORS, "arith": MAX_ARITHMETIC}
            )
        return self.advance()

    def expect(self, kind: str, expected: str) -> Token:
        if self.tok.kind != kind:
            raise self.error(expected)
        return self.advance()

    def pos(self, token: Token) -> int:
        return token.position + self.offset

    # --- grammar
    def parse(self) -> Expr:
        if self.tok.kind == "EOF":
            raise self.error(_("an expression"))
        expr = self.or_expr()
        if self.tok.kind != "EOF":
            raise self.error(_("an operator (and, or, eq, add, ...) or the end of the expression"))
        return expr

    def or_expr(self) -> Expr:
        left = self.and_expr()
        while self.word() == "or":
            token = self.operator()
            left = BinaryOp("or", left, self.and_expr(), self.pos(token))
        return left

    def and_expr(self) -> Expr:
        left = self.not_expr()
        while self.word() == "and":
            token = self.operator()
            left = BinaryOp("and", left, self.not_expr(), self.pos(token))
        return left

    def not_expr(self) -> Expr:
        if self.word() == "not" and self.tokens[self.i + 1].kind not in ("SLASH",):
            token = self.advance()
            self.enter()
            operand = self.not_expr()
            self.depth -= 1
            return Not(operand, self.pos(token))
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.additive()
        if self.word() in COMPARISON_OPS:
            token = self.operator()
            right = self.additive()
            left = BinaryOp(token.text.lower(), left, right, self.pos(token))
            if self.word() in COMPARISON_OPS:
                raise self.error(_("and, or, ')' or the end (comparisons do not chain)"))
        return left

    def additive(self) -> Expr:
        left = self.multiplicative()
        while self.word() in ("add", "sub"):
            token = self.operator()
            left = BinaryOp(token.text.lower(), left, self.multiplicative(), self.pos(token))
        return left

    def multiplicative(self) -> Expr:
        left = self.unary()
        while self.word() in ("mul", "div", "mod"):
            token = self.operator()
            left = BinaryOp(token.text.lower(), left, self.unary(), self.pos(token))
        return left

    def unary(self) -> Expr:
        if self.tok.kind == "MINUS":
            token = self.advance()
            if self.tok.kind == "NUMBER":
                number = self.advance()
                kind = "decimal" if isinstance(number.value, float) else "int"
                return Literal(kind, -number.value, self.pos(token))
            if self.tok.kind == "DURATION":
                duration = self.advance()
                return Literal("duration", -duration.value, self.pos(token))
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return Negate(operand, self.pos(token))
        return self.primary()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(_("at most %(max)d nested levels") % {"max": MAX_NESTING})

    def primary(self) -> Expr:
        token = self.tok
        if token.kind == "LPAREN":
            self.advance()
            self.enter()
            expr = self.or_expr()
            self.depth -= 1
            self.expect(
                "RPAREN",
                _("')' to close the '(' opened at position %(position)d")
                % {"position": self.pos(token)},
            )
            return expr
        if token.kind in _LITERAL_TOKENS:
            self.advance()
            return Literal(_LITERAL_TOKENS[token.kind], token.value, self.pos(token))
        if token.kind == "NUMBER":
            self.advance()
            kind = "decimal" if isinstance(token.value, float) else "int"
            return Literal(kind, token.value, self.pos(token))
        if token.kind == "IDENT":
            word = token.text.lower()
            following = self.tokens[self.i + 1]
            if following.kind == "LPAREN":
                return self.function_call()
            if word in ("true", "false") and following.kind != "SLASH":
                self.advance()
                return Literal("bool", word == "true", self.pos(token))
            if word == "null" and following.kind != "SLASH":
                self.advance()
                return Literal("null", None, self.pos(token))
            return self.path()
        raise self.error(_("a property, a literal, a function or '('"))

    def path(self) -> Path:
        start = self.tok
        segments = [self.expect("IDENT", _("a property name")).text]
        while True:
            if self.tok.kind == "SLASH":
                self.advance()
                segments.append(self.expect("IDENT", _("a property name after '/'")).text)
            elif self.tok.kind == "INDEX":
                segments.append(self.advance().text)
            else:
                break
            if len(segments) > 20:
                raise self.error(_("a shorter property path (at most 20 segments)"))
        return Path(tuple(segments), self.pos(start))

    def function_call(self) -> FunctionCall:
        name_token = self.advance()
        name = name_token.text.lower()
        if name not in FUNCTIONS:
            raise QueryError(
                _("%(option)s: unknown function %(name)r at position %(position)d")
                % {
                    "option": self.option,
                    "name": name_token.text,
                    "position": self.pos(name_token),
                },
                self.pos(name_token),
                self.option,
            )
        self.advance()  # (
        self.enter()
        args: list[Expr] = []
        if self.tok.kind != "RPAREN":
            args.append(self.or_expr())
            while self.tok.kind == "COMMA":
                self.advance()
                args.append(self.or_expr())
        self.expect("RPAREN", _("',' or ')' in the call of %(name)s") % {"name": name})
        self.depth -= 1
        low, high = FUNCTIONS[name]
        if not low <= len(args) <= high:
            count = (
                str(low) if low == high else _("%(low)d or %(high)d") % {"low": low, "high": high}
            )
            raise QueryError(
                _(
                    "%(option)s: %(name)s takes %(count)s argument(s), not %(given)d (at position "
                    "%(position)d)"
                )
                % {
                    "option": self.option,
                    "name": name,
                    "count": count,
                    "given": len(args),
                    "position": self.pos(name_token),
                },
                self.pos(name_token),
                self.option,
            )
        return FunctionCall(name, tuple(args), self.pos(name_token))


def parse_filter(text: str, *, option: str = "$filter", offset: int = 0) -> Expr:
    """Parse a `$filter` value into an AST; raises QueryError with the position on bad input."""
    return _Parser(text, option, offset).parse()


def parse_expression(text: str, *, option: str = "$orderby", offset: int = 0) -> Expr:
    return parse_filter(text, option=option, offset=offset)
