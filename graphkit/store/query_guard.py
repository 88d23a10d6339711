"""The guard on user Cypher: an allow-list checked on a real parse of the query.

A user's query is lexed and parsed by a recursive-descent parser written after the
openCypher 9 grammar (plus the reading parts of Neo4j 5 and Ladybug: ``EXISTS``/``COUNT``
subqueries, ``* SHORTEST`` paths, ``CAST(… AS …)``, ``x -> …`` lambdas). The grammar holds
**only reading clauses** — ``MATCH``, ``OPTIONAL MATCH``, ``WHERE``, ``WITH``, ``UNWIND``,
``RETURN``, ``ORDER BY``, ``SKIP``, ``LIMIT``, ``UNION`` and read-only subqueries — and
every function call is checked against :data:`ALLOWED_FUNCTIONS`. Anything else is refused
before it reaches an engine: a ``CALL`` of any procedure, table function or setting,
``LOAD``, ``COPY``, ``ATTACH``, ``INSTALL``, ``EXPORT``, ``IMPORT``, transactions, writes.

The engine never sees the user's text: it runs :attr:`GuardedQuery.text`, the query
re-emitted from the tokens the parser accepted — comments dropped, every string literal
written again in one canonical form. So what the guard checked and what the engine parses
cannot differ in where a comment or a string ends. Outside string literals, quoted names
and comments a query is ASCII: a fullwidth letter, a zero-width or a non-breaking space is
refused by name rather than guessed at.

Examples
--------
>>> guard_query("MATCH (s:Stakeholder) RETURN s.name /* who */").text
'MATCH (s:Stakeholder) RETURN s.name '
>>> guard_query("CALL threads=1")
Traceback (most recent call last):
...
graphkit.store.query_guard.QueryRefused: CALL threads is not allowed ...

References
----------
.. [1] openCypher 9 grammar, https://opencypher.org/resources/ (EBNF of the clauses and
   expressions this parser follows).
.. [2] OWASP, "Injection Prevention": allow-lists over deny-lists for interpreters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from graphkit.store.port import ReadOnlyViolation, StoreError

MAX_QUERY_CHARS = 20_000
"""Longer text is refused before lexing: parsing costs about 10 µs a character, so the
guard's worst case stays near 0.2 s (analysts' queries are a few hundred characters)."""
MAX_NESTING = 32
"""Brackets, subqueries and operators nested deeper than this are refused: ~15 Python
frames a level stay far below the interpreter's recursion limit, however the query is
built."""

READING_CLAUSES = (
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "WITH",
    "UNWIND",
    "RETURN",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "UNION",
)

# Words that begin a clause the guard refuses. Unquoted, they may not be used as a name
# anywhere either (a variable, label or alias), so no reading of the tokens can turn one
# into a clause; quoted with backticks they are plain names.
REFUSED_CLAUSE_WORDS = frozenset(
    {
        "CALL",
        "LOAD",
        "COPY",
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "FOREACH",
        "ATTACH",
        "USE",
        "INSTALL",
        "UNINSTALL",
        "EXPORT",
        "IMPORT",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "CHECKPOINT",
        "DROP",
        "ALTER",
        "SHOW",
        "TERMINATE",
        "EXPLAIN",
        "PROFILE",
        "CYPHER",
        "GRANT",
        "REVOKE",
        "DENY",
        "INSERT",
        "FINISH",
    }
)
# The second word that names a refused clause more precisely ("LOAD FROM", "DETACH DELETE").
_CLAUSE_SECOND_WORDS = frozenset(
    {
        "FROM",
        "CSV",
        "EXTENSION",
        "DELETE",
        "DATABASE",
        "TRANSACTION",
        "TRANSACTIONS",
        "NODE",
        "REL",
        "TABLE",
        "MACRO",
        "SEQUENCE",
        "GRAPH",
        "INDEX",
        "CONSTRAINT",
        "USER",
        "ROLE",
        "DATABASES",
    }
)

ALLOWED_FUNCTIONS = frozenset(
    {
        # aggregates
        "count",
        "sum",
        "avg",
        "min",
        "max",
        "collect",
        "stdev",
        "stdevp",
        "percentilecont",
        "percentiledisc",
        "count_if",
        # graph elements and paths
        "id",
        "elementid",
        "label",
        "labels",
        "type",
        "keys",
        "properties",
        "nodes",
        "relationships",
        "rels",
        "startnode",
        "endnode",
        "length",
        "size",
        "cost",
        "is_trail",
        "is_acyclic",
        "offset",
        # lists and predicates
        "head",
        "last",
        "tail",
        "range",
        "reverse",
        "coalesce",
        "exists",
        "isempty",
        "list_contains",
        "list_has",
        "list_extract",
        "list_element",
        "list_slice",
        "list_sort",
        "list_reverse_sort",
        "list_distinct",
        "list_unique",
        "list_concat",
        "list_cat",
        "list_append",
        "list_prepend",
        "list_position",
        "list_indexof",
        "list_sum",
        "list_product",
        "list_min",
        "list_max",
        "list_any_value",
        "list_has_all",
        "list_has_any",
        "list_to_string",
        "list_transform",
        "list_filter",
        "list_reduce",
        "all",
        "any",
        "none",
        "single",
        # text
        "tolower",
        "toupper",
        "lower",
        "upper",
        "lcase",
        "ucase",
        "trim",
        "ltrim",
        "rtrim",
        "substring",
        "substr",
        "left",
        "right",
        "replace",
        "split",
        "string_split",
        "str_split",
        "split_part",
        "concat",
        "concat_ws",
        "lpad",
        "rpad",
        "starts_with",
        "ends_with",
        "contains",
        "prefix",
        "suffix",
        "levenshtein",
        "initcap",
        "repeat",
        "tostring",
        "tostringornull",
        "normalize",
        "regexp_matches",
        "regexp_replace",
        "regexp_extract",
        "regexp_extract_all",
        "regexp_full_match",
        "regexp_split_to_array",
        "md5",
        "sha256",
        "hash",
        # numbers
        "abs",
        "ceil",
        "ceiling",
        "floor",
        "round",
        "sign",
        "sqrt",
        "cbrt",
        "exp",
        "log",
        "ln",
        "log10",
        "log2",
        "pi",
        "e",
        "rand",
        "random",
        "sin",
        "cos",
        "tan",
        "cot",
        "asin",
        "acos",
        "atan",
        "atan2",
        "degrees",
        "radians",
        "pow",
        "factorial",
        "gamma",
        "lgamma",
        "even",
        "isnan",
        "greatest",
        "least",
        "bitwise_and",
        "bitwise_or",
        "bitwise_xor",
        # conversions
        "toboolean",
        "tointeger",
        "tofloat",
        "tobooleanornull",
        "tointegerornull",
        "tofloatornull",
        "tobooleanlist",
        "tointegerlist",
        "tofloatlist",
        "tostringlist",
        "to_int64",
        "to_int32",
        "to_int16",
        "to_double",
        "to_float",
        "to_bool",
        "to_string",
        "to_date",
        "to_timestamp",
        "cast",
        "typeof",
        "valuetype",
        "nullif",
        "ifnull",
        # dates and durations
        "date",
        "datetime",
        "localdatetime",
        "localtime",
        "time",
        "duration",
        "interval",
        "timestamp",
        "date_part",
        "datepart",
        "date_trunc",
        "datetrunc",
        "dayname",
        "monthname",
        "last_day",
        "make_date",
        "current_date",
        "current_timestamp",
        "epoch_ms",
        "to_epoch_ms",
        "century",
        "to_days",
        "to_years",
        "to_months",
        "to_hours",
        "to_minutes",
        "to_seconds",
        "to_milliseconds",
        "to_microseconds",
        "time_bucket",
        "date.truncate",
        "datetime.truncate",
        "localdatetime.truncate",
        "localtime.truncate",
        "time.truncate",
        "duration.between",
        "duration.indays",
        "duration.inmonths",
        "duration.inseconds",
        # maps and structs
        "map",
        "map_keys",
        "map_values",
        "map_extract",
        "struct_extract",
        "element_at",
    }
)
"""Functions a user query may call (lower case; both engines' names). Pure functions of
their arguments only: no sequences (``nextval``), no session state (``setseed``), no
namespace that reaches outside the graph (``apoc.*``, ``db.*``, ``dbms.*``, ``gds.*``)."""

_READ_ONLY_RULE = "user queries are read-only and may use only " + ", ".join(READING_CLAUSES)
_ASCII_SPACE = " \t\n\r\f\v"
_PUNCTUATION_2 = ("<=", ">=", "<>", "!=", "=~", "..", "->")
_PUNCTUATION_1 = "()[]{},.:;|=<>+-*/%^&"


# --- errors --------------------------------------------------------------------------------


class QueryRefused(ReadOnlyViolation):
    """The query uses a clause or function outside the allow-list (the API answers 403)."""

    def __init__(
        self,
        message: str,
        *,
        clause: str | None = None,
        function: str | None = None,
        line: int = 0,
        column: int = 0,
    ) -> None:
        super().__init__(message)
        self.clause = clause
        self.function = function
        self.line = line
        self.column = column


class QuerySyntaxError(StoreError):
    """The guard cannot read the query as read-only Cypher (the API answers 400)."""

    def __init__(self, message: str, *, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


# --- tokens --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text in the query, where it starts and ends."""

    kind: str
    """``name`` (bare word), ``quoted`` (backticks), ``string``, ``number``, ``parameter``,
    ``symbol`` or ``end``."""
    text: str
    start: int
    end: int
    value: str = ""
    """The decoded string of a ``string`` token, the name of a ``quoted`` one."""

    @property
    def word(self) -> str:
        """The upper-cased bare word ('' for anything else): how keywords are compared."""
        return self.text.upper() if self.kind == "name" else ""


@dataclass(frozen=True)
class GuardedQuery:
    """A query the guard accepted.

    Attributes
    ----------
    text : str
        What the engine runs: the accepted tokens re-emitted (comments dropped, strings
        canonical, whitespace as written).
    clauses : tuple of str
        The reading clauses the query uses, in order of first use.
    functions : tuple of str
        The functions it calls (lower case), in order of first use.
    """

    text: str
    clauses: tuple[str, ...]
    functions: tuple[str, ...]


def _where(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _describe(char: str) -> str:
    name = unicodedata.name(
        char,
        "a control character" if unicodedata.category(char) == "Cc" else "an unnamed character",
    )
    return f"U+{ord(char):04X} {name}"


def _syntax(source: str, offset: int, message: str) -> QuerySyntaxError:
    line, column = _where(source, offset)
    return QuerySyntaxError(f"line {line}, column {column}: {message}", line=line, column=column)


def tokenize(source: str) -> list[Token]:
    """The tokens of ``source`` (comments and whitespace dropped), ending with ``end``.

    Raises
    ------
    QuerySyntaxError
        For a character the guard does not accept outside quotes (non-ASCII, control), an
        unterminated string, quoted name or comment, or an unknown string escape.
    """
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char in _ASCII_SPACE:
            i += 1
        elif source.startswith("//", i):
            newline = [p for p in (source.find("\n", i), source.find("\r", i)) if p >= 0]
            i = min(newline) if newline else n
        elif source.startswith("/*", i):
            close = source.find("*/", i + 2)
            if close < 0:
                raise _syntax(source, i, "a /* comment is never closed")
            i = close + 2
        elif char in "'\"":
            tokens.append(_string(source, i))
            i = tokens[-1].end
        elif char == "`":
            close = source.find("`", i + 1)
            if close < 0:
                raise _syntax(source, i, "a `quoted name` is never closed")
            name = source[i + 1 : close]
            if not name:
                raise _syntax(source, i, "an empty `` name")
            if close + 1 < n and source[close + 1] == "`":
                raise _syntax(source, i, "a backtick inside a quoted name is not accepted")
            bad = next((c for c in name if unicodedata.category(c) in ("Cc", "Cf")), None)
            if bad is not None:
                raise _syntax(source, i, f"{_describe(bad)} inside a quoted name")
            tokens.append(Token("quoted", source[i : close + 1], i, close + 1, name))
            i = close + 1
        elif char.isascii() and (char.isalpha() or char == "_"):
            j = i + 1
            while j < n and source[j].isascii() and (source[j].isalnum() or source[j] == "_"):
                j += 1
            tokens.append(Token("name", source[i:j], i, j))
            i = j
        elif char.isascii() and char.isdigit():
            j = _number_end(source, i)
            tokens.append(Token("number", source[i:j], i, j))
            i = j
        elif char == "$":
            j = i + 1
            while j < n and source[j].isascii() and (source[j].isalnum() or source[j] == "_"):
                j += 1
            if j == i + 1:
                raise _syntax(source, i, "'$' must be followed by a parameter name")
            tokens.append(Token("parameter", source[i:j], i, j))
            i = j
        elif source[i : i + 2] in _PUNCTUATION_2:
            tokens.append(Token("symbol", source[i : i + 2], i, i + 2))
            i += 2
        elif char in _PUNCTUATION_1:
            tokens.append(Token("symbol", char, i, i + 1))
            i += 1
        elif not char.isascii() or unicodedata.category(char) in ("Cc", "Cf"):
            raise _syntax(
                source,
                i,
                f"{_describe(char)} is only accepted inside a 'string' or a `quoted name`",
            )
        else:
            raise _syntax(source, i, f"unexpected character {char!r}")
    tokens.append(Token("end", "", n, n))
    return tokens


def _number_end(source: str, i: int) -> int:
    n = len(source)
    j = i
    while j < n and source[j].isdigit():
        j += 1
    # a fraction needs a digit after the dot, so "1..3" stays a range
    if j + 1 < n and source[j] == "." and source[j + 1].isdigit():
        j += 1
        while j < n and source[j].isdigit():
            j += 1
    if j < n and source[j] in "eE":
        k = j + 1
        if k < n and source[k] in "+-":
            k += 1
        if k < n and source[k].isdigit():
            j = k
            while j < n and source[j].isdigit():
                j += 1
    if j < n and (source[j].isalnum() or source[j] == "_") and source[j].isascii():
        raise _syntax(source, i, f"'{source[i : j + 1]}' is not a number")
    return j


_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def _string(source: str, start: int) -> Token:
    quote = source[start]
    out: list[str] = []
    i, n = start + 1, len(source)
    while i < n:
        char = source[i]
        if char == quote:
            return Token("string", source[start : i + 1], start, i + 1, "".join(out))
        if char == "\\":
            code = source[i + 1 : i + 2]
            if code in _ESCAPES:
                out.append(_ESCAPES[code])
                i += 2
                continue
            width = {"u": 4, "U": 8}.get(code)
            digits = source[i + 2 : i + 2 + width] if width else ""
            if (
                width
                and len(digits) == width
                and all(c in "0123456789abcdefABCDEF" for c in digits)
            ):
                point = int(digits, 16)
                if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                    raise _syntax(source, i, f"\\{code}{digits} is not a character")
                out.append(chr(point))
                i += 2 + width
                continue
            raise _syntax(source, i, f"unknown escape '\\{code}' in a string")
        out.append(char)
        i += 1
    raise _syntax(source, start, "a string is never closed")


def canonical_string(value: str) -> str:
    """``value`` as a single-quoted Cypher string both engines read back the same.

    Examples
    --------
    >>> canonical_string("it's")
    "'it\\\\'s'"
    """
    parts = ["'"]
    for char in value:
        if char == "\\":
            parts.append("\\\\")
        elif char == "'":
            parts.append("\\'")
        elif ord(char) < 0x20 or ord(char) == 0x7F or unicodedata.category(char) in ("Cf", "Cs"):
            parts.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            parts.append(char)
    parts.append("'")
    return "".join(parts)


# --- the parser ----------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the reading subset of openCypher (see the module docstring)."""

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.clauses: dict[str, None] = {}
        self.functions: dict[str, None] = {}
        # Where each bracket closes, found once: whether '(' starts a pattern is decided by
        # looking past its ')', never by parsing it twice (which nesting would make
        # exponential).
        self.closing: dict[int, int] = {}
        opened: list[int] = []
        pairs = {")": "(", "]": "[", "}": "{"}
        for index, token in enumerate(tokens):
            if token.kind != "symbol":
                continue
            if token.text in "([{":
                opened.append(index)
            elif token.text in pairs and opened and tokens[opened[-1]].text == pairs[token.text]:
                self.closing[opened.pop()] = index

    # -- plumbing
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        if token.kind != "end":
            self.i += 1
        return token

    def at(self, *words: str) -> bool:
        return self.tok.word in words

    def at_symbol(self, *symbols: str) -> bool:
        return self.tok.kind == "symbol" and self.tok.text in symbols

    def accept(self, word: str) -> bool:
        if self.tok.word == word:
            self.advance()
            return True
        return False

    def accept_symbol(self, symbol: str) -> bool:
        if self.at_symbol(symbol):
            self.advance()
            return True
        return False

    def error(self, message: str, token: Token | None = None) -> QuerySyntaxError:
        token = token or self.tok
        found = "the end of the query" if token.kind == "end" else repr(token.text)
        return _syntax(self.source, token.start, f"{message}, found {found}")

    def expect(self, word: str) -> Token:
        if self.tok.word != word:
            raise self.error(f"expected {word}")
        return self.advance()

    def expect_symbol(self, symbol: str) -> Token:
        if not self.at_symbol(symbol):
            raise self.error(f"expected '{symbol}'")
        return self.advance()

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _syntax(
                self.source, self.tok.start, f"the query nests deeper than {MAX_NESTING} levels"
            )

    def unnest(self) -> None:
        self.depth -= 1

    def refuse_clause(self, *, alone: bool = False) -> QueryRefused:
        """Refuse the clause that starts at the current token, named by its first words
        (``alone``: by this word only, where it stands as a name)."""
        token, second = self.tok, self.peek()
        words = [token.word]
        if alone:
            pass
        elif words[0] == "CALL":
            if second.kind in ("name", "quoted"):
                # the whole dotted name: CALL db.labels, CALL apoc.load.json
                j, parts = self.i + 1, []
                while self.tokens[j].kind in ("name", "quoted"):
                    parts.append(self.tokens[j].value or self.tokens[j].text)
                    if self.tokens[j + 1].text != ".":
                        break
                    j += 2
                words.append(".".join(parts))
            elif second.kind == "symbol" and second.text == "{":
                words.append("{ subquery }")
        elif second.word in _CLAUSE_SECOND_WORDS:
            words.append(second.word)
        clause = " ".join(words)
        line, column = _where(self.source, token.start)
        return QueryRefused(
            f"{clause} is not allowed (line {line}, column {column}): {_READ_ONLY_RULE}",
            clause=clause,
            line=line,
            column=column,
        )

    def name(self, what: str) -> Token:
        """A variable, label, alias or key: a bare word that starts no refused clause, or
        any `quoted` name."""
        token = self.tok
        if token.kind == "quoted":
            return self.advance()
        if token.kind != "name":
            raise self.error(f"expected {what}")
        if token.word in REFUSED_CLAUSE_WORDS:
            raise self.refuse_clause(alone=True)
        return self.advance()

    def key(self) -> Token:
        """A property key after '.' or in a map: any bare or quoted word."""
        if self.tok.kind in ("name", "quoted"):
            return self.advance()
        raise self.error("expected a property name")

    # -- statement and clauses
    def statement(self) -> None:
        self.query(top=True)
        if self.accept_symbol(";") and self.tok.kind != "end":
            line, column = _where(self.source, self.tok.start)
            raise QueryRefused(
                f"a second statement after ';' is not allowed (line {line}, "
                f"column {column}): one statement at a time",
                clause="; (a second statement)",
                line=line,
                column=column,
            )
        if self.tok.kind != "end":
            if self.tok.word in REFUSED_CLAUSE_WORDS:
                raise self.refuse_clause()
            raise self.error("expected the end of the query")

    def query(self, *, top: bool) -> None:
        self.single_query(top=top)
        while self.at("UNION"):
            self.advance()
            self.clauses.setdefault("UNION")
            self.accept("ALL")
            self.single_query(top=top)

    def single_query(self, *, top: bool) -> None:
        clauses = 0
        while True:
            token = self.tok
            word = token.word
            if word == "RETURN":
                self.advance()
                self.clauses.setdefault("RETURN")
                self.projection()
                return
            if word in ("MATCH", "OPTIONAL"):
                self.match()
            elif word == "UNWIND":
                self.unwind()
            elif word == "WITH":
                self.with_()
            elif token.kind == "name" and word not in ("UNION",):
                raise self.refuse_clause()
            elif clauses == 0:
                raise self.error("expected a reading clause (MATCH, WITH, UNWIND, RETURN)")
            elif top:
                raise self.error("a query ends with RETURN")
            else:
                return
            clauses += 1

    def match(self) -> None:
        if self.accept("OPTIONAL"):
            if not self.at("MATCH"):
                token = self.tok
                if token.kind == "name":
                    clause = f"OPTIONAL {token.word}"
                    line, column = _where(self.source, token.start)
                    raise QueryRefused(
                        f"{clause} is not allowed (line {line}, column {column}): "
                        f"{_READ_ONLY_RULE}",
                        clause=clause,
                        line=line,
                        column=column,
                    )
                raise self.error("expected MATCH")
            self.advance()
            self.clauses.setdefault("OPTIONAL MATCH")
        else:
            self.expect("MATCH")
            self.clauses.setdefault("MATCH")
        self.pattern_list()
        self.where()

    def where(self) -> None:
        if self.accept("WHERE"):
            self.clauses.setdefault("WHERE")
            self.expression()

    def unwind(self) -> None:
        self.expect("UNWIND")
        self.clauses.setdefault("UNWIND")
        self.expression()
        self.expect("AS")
        self.name("a variable")

    def with_(self) -> None:
        self.expect("WITH")
        self.clauses.setdefault("WITH")
        self.projection()
        self.where()

    def projection(self) -> None:
        self.accept("DISTINCT")
        if self.accept_symbol("*"):
            if self.accept_symbol(","):
                self.projection_items()
        else:
            self.projection_items()
        if self.at("ORDER"):
            self.advance()
            self.expect("BY")
            self.clauses.setdefault("ORDER BY")
            while True:
                self.expression()
                if self.at("ASC", "ASCENDING", "DESC", "DESCENDING"):
                    self.advance()
                if not self.accept_symbol(","):
                    break
        if self.accept("SKIP"):
            self.clauses.setdefault("SKIP")
            self.expression()
        if self.accept("LIMIT"):
            self.clauses.setdefault("LIMIT")
            self.expression()

    def projection_items(self) -> None:
        while True:
            self.expression()
            if self.accept("AS"):
                self.name("an alias")
            if not self.accept_symbol(","):
                return

    # -- patterns
    def pattern_list(self) -> None:
        while True:
            self.pattern_part()
            if not self.accept_symbol(","):
                return

    def pattern_part(self) -> None:
        if (
            self.tok.kind in ("name", "quoted")
            and self.peek().text == "="
            and self.peek().kind == "symbol"
        ):
            self.name("a path variable")
            self.advance()
        if self.at("SHORTESTPATH", "ALLSHORTESTPATHS") and self.peek().text == "(":
            self.advance()
            self.expect_symbol("(")
            self.chain()
            self.expect_symbol(")")
            return
        self.chain()

    def chain(self) -> int:
        """A node pattern and any relationships after it; the number of relationships."""
        self.node_pattern()
        hops = 0
        while self.at_symbol("-", "<"):
            self.relationship_pattern()
            self.node_pattern()
            hops += 1
        return hops

    def node_pattern(self) -> None:
        self.expect_symbol("(")
        self.nest()
        self.pattern_filler()
        self.expect_symbol(")")
        self.unnest()

    def pattern_filler(self, *, ranged: bool = False) -> None:
        """What a node's ``( )`` or a relationship's ``[ ]`` holds: a variable, labels or
        types, a length range (``ranged``: relationships only), properties, a WHERE."""
        if self.tok.kind in ("name", "quoted"):
            self.name("a variable")
        if self.at_symbol(":"):
            self.label_expression()
        if ranged and self.at_symbol("*"):
            self.range_()
        if self.at_symbol("{"):
            self.map_literal()
        elif self.tok.kind == "parameter":
            self.advance()
        if self.accept("WHERE"):
            self.expression()

    def label_expression(self) -> None:
        self.expect_symbol(":")
        self.name("a label")
        while self.at_symbol(":", "|", "&"):
            self.advance()
            self.accept_symbol(":")
            self.name("a label")

    def relationship_pattern(self) -> None:
        self.accept_symbol("<")
        self.expect_symbol("-")
        if self.accept_symbol("["):
            self.nest()
            self.pattern_filler(ranged=True)
            self.expect_symbol("]")
            self.unnest()
        if not self.accept_symbol("->"):
            self.expect_symbol("-")

    def range_(self) -> None:
        self.expect_symbol("*")
        # Ladybug's path semantics: * SHORTEST, * ALL SHORTEST, * TRAIL, * ACYCLIC
        if self.at("ALL") and self.peek().word == "SHORTEST":
            self.advance()
        if self.at("SHORTEST", "TRAIL", "ACYCLIC"):
            self.advance()
        if self.tok.kind == "number":
            self.advance()
        if self.accept_symbol("..") and self.tok.kind == "number":
            self.advance()
        if (
            self.at_symbol("(")
            and self.peek().kind in ("name", "quoted")
            and self.peek(2).text == ","
        ):
            # Ladybug's filter on the steps of a path: (r, n | WHERE …)
            self.advance()
            self.name("a variable")
            self.expect_symbol(",")
            self.name("a variable")
            self.expect_symbol("|")
            if self.accept("WHERE"):
                self.expression()
            self.expect_symbol(")")

    # -- expressions
    def expression(self) -> None:
        self.nest()
        self.binary(0)
        self.unnest()

    _LEVELS: tuple[tuple[str, ...], ...] = (("OR",), ("XOR",), ("AND",))

    def binary(self, level: int) -> None:
        if level < len(self._LEVELS):
            self.binary(level + 1)
            while self.at(*self._LEVELS[level]):
                self.advance()
                self.binary(level + 1)
            return
        self.not_expression()

    def not_expression(self) -> None:
        count = 0
        while self.accept("NOT"):
            count += 1
            self.nest()
        self.comparison()
        for _ in range(count):
            self.unnest()

    def comparison(self) -> None:
        self.predicate_expression()
        while self.at_symbol("=", "<>", "!=", "<", ">", "<=", ">=", "=~"):
            self.advance()
            self.predicate_expression()

    def predicate_expression(self) -> None:
        self.additive()
        while True:
            if self.at("STARTS", "ENDS"):
                self.advance()
                self.expect("WITH")
                self.additive()
            elif self.at("CONTAINS", "IN"):
                self.advance()
                self.additive()
            elif self.at("IS"):
                self.advance()
                self.accept("NOT")
                self.expect("NULL")
            else:
                return

    def additive(self) -> None:
        self.multiplicative()
        while self.at_symbol("+", "-"):
            self.advance()
            self.multiplicative()

    def multiplicative(self) -> None:
        self.power()
        while self.at_symbol("*", "/", "%"):
            self.advance()
            self.power()

    def power(self) -> None:
        self.unary()
        while self.accept_symbol("^"):
            self.unary()

    def unary(self) -> None:
        signs = 0
        while self.at_symbol("+", "-"):
            self.advance()
            signs += 1
            self.nest()
        self.postfix()
        for _ in range(signs):
            self.unnest()

    def postfix(self) -> None:
        self.atom()
        while True:
            if self.at_symbol("."):
                self.advance()
                self.key()
            elif self.at_symbol("["):
                self.advance()
                self.nest()
                if self.accept_symbol(".."):
                    if not self.at_symbol("]"):
                        self.expression()
                else:
                    self.expression()
                    if self.accept_symbol("..") and not self.at_symbol("]"):
                        self.expression()
                self.expect_symbol("]")
                self.unnest()
            elif self.at_symbol(":"):
                # a label test: WHERE n:Stakeholder
                self.label_expression()
            else:
                return

    def atom(self) -> None:
        token = self.tok
        if token.kind in ("number", "string", "parameter"):
            self.advance()
            return
        if token.kind == "symbol":
            if token.text == "(":
                self.parenthesised()
                return
            if token.text == "[":
                self.list_()
                return
            if token.text == "{":
                self.map_literal()
                return
            raise self.error("expected an expression")
        if token.kind == "quoted":
            if self.peek().text == "(" and self.peek().kind == "symbol":
                self.function_call()
            else:
                self.advance()
            return
        if token.kind != "name":
            raise self.error("expected an expression")
        word = token.word
        following = self.peek()
        if word in ("TRUE", "FALSE", "NULL"):
            self.advance()
        elif word == "CASE":
            self.case()
        elif (
            word in ("EXISTS", "COUNT", "COLLECT")
            and following.text == "{"
            and following.kind == "symbol"
        ):
            self.advance()
            self.subquery(word)
        elif word == "COUNT" and following.text == "(" and self.peek(2).text == "*":
            self.functions.setdefault("count")
            self.advance()
            self.advance()
            self.advance()
            self.expect_symbol(")")
        elif word == "CAST" and following.text == "(":
            self.cast()
        elif (
            word in ("ALL", "ANY", "NONE", "SINGLE")
            and following.text == "("
            and self.peek(2).kind in ("name", "quoted")
            and self.peek(3).word == "IN"
        ):
            self.quantifier()
        elif following.kind == "symbol" and following.text in ("(", "."):
            if following.text == "." and not self._is_namespaced_call():
                self.name("a variable")
            else:
                self.function_call()
        else:
            self.name("a variable")

    def _is_namespaced_call(self) -> bool:
        # name . name ( … : a namespaced function such as duration.between(…)
        j = self.i
        while self.tokens[j].kind in ("name", "quoted") and self.tokens[j + 1].text == ".":
            j += 2
        return self.tokens[j].kind in ("name", "quoted") and self.tokens[j + 1].text == "("

    def _relationship_after(self, index: int) -> bool:
        """Whether a relationship pattern starts at token ``index``: -[ -- -> <-[ <-- <-> ."""
        first, second = self.tokens[index], self.tokens[min(index + 1, len(self.tokens) - 1)]
        if first.kind != "symbol" or second.kind != "symbol":
            return False
        if first.text == "-":
            return second.text in ("[", "-", "->")
        if first.text == "<":
            third = self.tokens[min(index + 2, len(self.tokens) - 1)]
            return second.text == "-" and third.kind == "symbol" and third.text in ("[", "-", "->")
        return False

    def _pattern_at(self, index: int) -> bool:
        """Whether the '(' at ``index`` opens a node pattern followed by a relationship."""
        close = self.closing.get(index)
        return close is not None and self._relationship_after(close + 1)

    def parenthesised(self) -> None:
        # A pattern used as a predicate, WHERE (a)-[:TOUCHPOINT]->(b), or ( expression ).
        if self._pattern_at(self.i):
            self.chain()
            return
        self.expect_symbol("(")
        self.expression()
        self.expect_symbol(")")

    def list_(self) -> None:
        self.expect_symbol("[")
        self.nest()
        if self.at_symbol("]"):
            self.advance()
            self.unnest()
            return
        if self.tok.kind in ("name", "quoted") and self.peek().word == "IN":
            # list comprehension [x IN list WHERE … | …]
            self.name("a variable")
            self.advance()
            self.expression()
            if self.accept("WHERE"):
                self.expression()
            if self.accept_symbol("|"):
                self.expression()
            self.expect_symbol("]")
            self.unnest()
            return
        named = (
            self.tok.kind in ("name", "quoted")
            and self.peek().text == "="
            and self.peek(2).text == "("
        )
        if self._pattern_at(self.i + (2 if named else 0)):
            # pattern comprehension [p = (a)-->(b) WHERE … | …]
            if named:
                self.name("a path variable")
                self.advance()
            self.chain()
            if self.accept("WHERE"):
                self.expression()
            self.expect_symbol("|")
            self.expression()
            self.expect_symbol("]")
            self.unnest()
            return
        while True:
            self.expression()
            if not self.accept_symbol(","):
                break
        self.expect_symbol("]")
        self.unnest()

    def map_literal(self) -> None:
        self.expect_symbol("{")
        self.nest()
        if not self.at_symbol("}"):
            while True:
                self.key()
                self.expect_symbol(":")
                self.expression()
                if not self.accept_symbol(","):
                    break
        self.expect_symbol("}")
        self.unnest()

    def case(self) -> None:
        self.expect("CASE")
        self.nest()
        if not self.at("WHEN"):
            self.expression()
        if not self.at("WHEN"):
            raise self.error("expected WHEN")
        while self.accept("WHEN"):
            self.expression()
            self.expect("THEN")
            self.expression()
        if self.accept("ELSE"):
            self.expression()
        self.expect("END")
        self.unnest()

    def subquery(self, word: str) -> None:
        self.expect_symbol("{")
        self.nest()
        self.clauses.setdefault(f"{word} {{ }}")
        if self.at("MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN"):
            self.query(top=False)
        else:
            self.pattern_list()
            self.where()
        self.expect_symbol("}")
        self.unnest()

    def cast(self) -> None:
        self.functions.setdefault("cast")
        self.advance()
        self.expect_symbol("(")
        self.nest()
        self.expression()
        if self.accept("AS"):
            self.type_name()
        else:
            while self.accept_symbol(","):
                self.expression()
        self.expect_symbol(")")
        self.unnest()

    def type_name(self) -> None:
        if self.tok.kind != "name":
            raise self.error("expected a type name")
        self.advance()
        if self.accept_symbol("("):
            while self.tok.kind == "number" or self.at_symbol(","):
                self.advance()
            self.expect_symbol(")")
        while self.accept_symbol("["):
            if self.tok.kind == "number":
                self.advance()
            self.expect_symbol("]")

    def quantifier(self) -> None:
        self.functions.setdefault(self.tok.word.lower())
        self.advance()
        self.expect_symbol("(")
        self.nest()
        self.name("a variable")
        self.expect("IN")
        self.expression()
        if self.accept("WHERE"):
            self.expression()
        self.expect_symbol(")")
        self.unnest()

    def function_call(self) -> None:
        start = self.tok
        parts = [self.advance()]
        while self.at_symbol("."):
            self.advance()
            parts.append(self.key())
        name = ".".join(p.value or p.text for p in parts).lower()
        if name not in ALLOWED_FUNCTIONS:
            line, column = _where(self.source, start.start)
            shown = ".".join(p.value or p.text for p in parts)
            raise QueryRefused(
                f"the function {shown}() is not allowed (line {line}, column {column}): "
                "user queries are read-only and call only the listed functions",
                function=shown,
                line=line,
                column=column,
            )
        self.functions.setdefault(name)
        self.expect_symbol("(")
        self.nest()
        self.accept("DISTINCT")
        if not self.at_symbol(")"):
            while True:
                if self.tok.kind in ("name", "quoted") and self.peek().text == "->":
                    # Ladybug's lambda: list_transform(list, x -> x * 2)
                    self.name("a variable")
                    self.advance()
                self.expression()
                if not self.accept_symbol(","):
                    break
        self.expect_symbol(")")
        self.unnest()


def guard_query(cypher: str) -> GuardedQuery:
    """Parse ``cypher``, check it against the allow-list, and return what the engine runs.

    Parameters
    ----------
    cypher : str
        A user's query, exactly as given.

    Returns
    -------
    GuardedQuery
        The text for the engine (comments dropped, strings canonical) and what it uses.

    Raises
    ------
    QueryRefused
        A clause other than the reading clauses, or a function not on
        :data:`ALLOWED_FUNCTIONS`; the message names it and where it is.
    QuerySyntaxError
        Text the guard cannot read as one read-only Cypher statement.

    Examples
    --------
    >>> guard_query("MATCH (s:Stakeholder) WHERE s.`group` = $g RETURN s.id").clauses
    ('MATCH', 'WHERE', 'RETURN')
    """
    if len(cypher) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"the query is {len(cypher):,} characters long; the most "
            f"accepted is {MAX_QUERY_CHARS:,}"
        )
    tokens = tokenize(cypher)
    if tokens[0].kind == "end":
        raise QuerySyntaxError("the query is empty")
    parser = _Parser(cypher, tokens)
    parser.statement()
    return GuardedQuery(
        text=_emit(cypher, tokens), clauses=tuple(parser.clauses), functions=tuple(parser.functions)
    )


def _emit(source: str, tokens: list[Token]) -> str:
    """The tokens as the engine gets them: each as written (a string canonical), separated
    by the whitespace that preceded it, or one space where a comment was."""
    out: list[str] = []
    previous_end = 0
    for token in tokens:
        gap = source[previous_end : token.start]
        if gap:
            out.append(gap if all(c in _ASCII_SPACE for c in gap) else " ")
        if token.kind == "string":
            out.append(canonical_string(token.value))
        elif token.kind == "symbol" and token.text == ";":
            pass  # one statement: the closing ';' is dropped
        else:
            out.append(token.text)
        previous_end = token.end
    return "".join(out)
