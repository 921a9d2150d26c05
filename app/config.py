"""Settings, read from the environment once; nothing else reads os.environ."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'mss-facts.db'}"


class Settings(BaseSettings):
    """Service configuration. Every field is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the database (SQLite file or postgresql+psycopg://).",
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        description="Directory of curated YAML files that `mss-facts load` reads.",
    )
    public_base_url: str = Field(
        default="",
        description="Absolute base for links in responses (e.g. https://api.example.org); "
        "empty means links are built from the request.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
