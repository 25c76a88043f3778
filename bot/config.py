"""Settings from the environment (and a .env file): the only place that reads os.environ."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from digests.gather import DEFAULT_USER_AGENT, PRIVATE_NETWORKS_SWITCH, FetchPolicy
from digests.knowledge import DEFAULT_KNOWLEDGE_FILE, SEEDS_DIR
from digests.llm_summary import LLMSettings
from digests.store.database import sqlite_url

BUNDLED_FEEDS_DIR = SEEDS_DIR / "feeds"


class Settings(BaseSettings):
    """Every knob of Reelbrief; names are the environment variables, case-insensitive."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite in the data dir")
    data_dir: Path = Field(default=Path(platformdirs.user_data_dir("reelbrief")), validation_alias="REELBRIEF_DATA_DIR")
    feeds: str = Field(
        default="",
        validation_alias="REELBRIEF_FEEDS",
        description="Default sources, separated by spaces or commas; default: the bundled demo feeds",
    )
    knowledge_file: Path = Field(default=DEFAULT_KNOWLEDGE_FILE, validation_alias="REELBRIEF_KNOWLEDGE_FILE")
    fetch_timeout: float = Field(default=20.0, gt=0)
    fetch_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    fetch_max_redirects: int = Field(default=5, ge=0)
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_networks: bool = Field(
        default=False,
        validation_alias=PRIVATE_NETWORKS_SWITCH,
        description="Fetch feeds from loopback, intranet and other non-public addresses; off, since feed URLs "
        "come from chat and could otherwise reach internal services (server-side request forgery)",
    )
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint, e.g. https://host/v1")
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=20.0, gt=0)
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    discord_bot_token: SecretStr | None = None

    @cached_property
    def store_url(self) -> str:
        return self.database_url or sqlite_url(self.data_dir)

    @property
    def default_sources(self) -> list[str]:
        configured = self.feeds.replace(",", " ").split()
        return configured or [str(BUNDLED_FEEDS_DIR)]

    @property
    def uses_bundled_feeds(self) -> bool:
        return not self.feeds.strip()

    @property
    def llm(self) -> LLMSettings | None:
        """The language model for summaries, when both an endpoint and a model are configured."""
        if not (self.llm_base_url and self.llm_model):
            return None
        key = self.llm_api_key.get_secret_value() if self.llm_api_key else None
        return LLMSettings(base_url=self.llm_base_url, model=self.llm_model, api_key=key, timeout=self.llm_timeout)

    @property
    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(
            timeout=self.fetch_timeout,
            max_bytes=self.fetch_max_bytes,
            max_redirects=self.fetch_max_redirects,
            user_agent=self.user_agent,
            allow_private_networks=self.allow_private_networks,
        )
