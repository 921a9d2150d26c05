from sqlmodel import Field, SQLModel


class Nation(SQLModel, table=True):
    """A nation, keyed by its ISO 3166-1 alpha-2 code."""

    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(index=True)
