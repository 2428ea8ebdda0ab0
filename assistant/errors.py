"""Domain errors. The library raises these; only the command line (assistant/cli/) and the app turn them
into messages for people."""


class AssistantError(Exception):
    """Base class: the message says what went wrong and what to do, in Chinese, for the user."""


class InputError(AssistantError):
    """Input the user gave cannot be used (empty, too large, wrong format)."""


class DocumentError(AssistantError):
    """A report file cannot be read or parsed."""


class NotAReportError(DocumentError):
    """A file has none of a report's structure (a list of links, a table of sources …)."""


class KnowledgeBaseError(AssistantError):
    """The knowledge base (Chroma) cannot be reached or used."""


class ConfigError(AssistantError):
    """A setting is missing or wrong."""


class LLMError(AssistantError):
    """The configured model endpoint failed or answered something unusable."""


class DatabaseError(AssistantError):
    """The records database (SQLite file or PostgreSQL server) cannot be reached or used."""
