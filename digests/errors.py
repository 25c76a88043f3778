"""The one exception hierarchy of the newsroom library; messages tell the user what to do next."""


class ReelbriefError(Exception):
    """Base of every error the library raises on purpose."""


class FeedError(ReelbriefError):
    """A feed could not be used; it never stops the other feeds."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class FetchError(FeedError):
    """The feed's bytes could not be fetched (network, HTTP status, size, redirects, missing file)."""


class ParseError(FeedError):
    """The bytes were fetched but are not a usable RSS/Atom feed."""


class UnknownModelError(ReelbriefError):
    """A model name matched nothing in the knowledge base."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown model {name!r}.{hint}")
        self.name = name
        self.suggestions = suggestions


class KnowledgeBaseError(ReelbriefError):
    """The knowledge base file is missing or malformed."""
