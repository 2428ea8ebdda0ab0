"""Settings from environment variables (prefix REPORT_) and an optional .env file.

Every default works offline: embedded Chroma, the built-in n-gram embedding, no LLM endpoint.
"""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All configuration of the assistant in one place."""

    model_config = SettingsConfigDict(env_prefix="REPORT_", env_file=".env", extra="ignore")

    # LLM: empty base URL means the offline drafter is used.
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 60.0
    llm_context_tokens: int = 8000
    # Sampling suited to drafting 公文: little randomness, room for one section and no more.
    llm_temperature: float = 0.3
    llm_top_p: float = 0.9
    llm_max_tokens: int = 1500
    # Fields a server reads beyond the OpenAI API, as JSON: e.g. {"chat_template_kwargs":
    # {"enable_thinking": false}} turns off Qwen3's thinking on vLLM, {"top_k": 20} for vLLM's sampler.
    llm_extra_body: dict = {}
    # How the model is asked for its structured reply: "text" (JSON asked in the prompt, parsed
    # leniently), "json_object" (DeepSeek / Qwen JSON mode) or "json_schema" (OpenAI, vLLM guided decoding).
    llm_response_format: str = "text"
    # Retries of 429 / 5xx / refused connections by the OpenAI client (it honours Retry-After);
    # a timeout is not retried, and after a timeout or connection error the endpoint is skipped
    # for llm_cooldown seconds (drafts go straight to the offline drafter).
    llm_max_retries: int = 2
    llm_cooldown: float = 120.0

    # Embeddings: "ngram" (built in, no weights) or "openai" (any OpenAI-compatible endpoint).
    embedding_backend: str = "ngram"
    embedding_base_url: str = ""
    embedding_api_key: str = ""
    embedding_model: str = "bge-m3"

    # Chroma: a path for the embedded client, or a host (and port) for a `chroma run` server.
    kb_dir: Path = PROJECT_ROOT / "data" / "kb"
    chroma_host: str = ""
    chroma_port: int = 8000
    collection: str = "reports"

    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    data_dir: Path = PROJECT_ROOT / "data"

    chunk_tokens: int = 400

    # Drafted text writes counts in Arabic digits (GB/T 15835-2011): 两期 -> 2期.
    draft_arabic_digits: bool = True

    # The app (ui.py): loopback by default; any other host needs a login.
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860  # GRADIO_SERVER_PORT wins when set
    ui_username: str = ""
    ui_password: str = ""
    max_upload_mb: int = 20

    # Records (drafts, reports, conversations, accounts, audit): a SQLite file under data_dir unless
    # set to sqlite:///path or to a PostgreSQL server, postgresql://user:password@host:port/database.
    database_url: str = ""

    @property
    def database_path(self) -> Path:
        """The SQLite file of the records database (when no PostgreSQL server is named)."""
        url = self.database_url.strip()
        return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else self.data_dir / "records.db"

    @property
    def records_database(self) -> Path | str:
        """Where the records are: a PostgreSQL URL, or the SQLite file; ConfigError for any other URL."""
        url = self.database_url.strip()
        if url.startswith(("postgresql://", "postgres://")):
            return url
        if url and not url.startswith("sqlite:///"):
            raise ConfigError(f"REPORT_DATABASE_URL“{url.split('@')[-1]}”无法识别：请写 sqlite:///文件路径，"
                              "或 postgresql://用户:密码@主机:端口/库名，或不设（用数据目录下的 records.db）。")
        return self.database_path
