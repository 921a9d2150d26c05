from sqlmodel import Field, SQLModel


class Organisation(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name: str = Field(index=True)
    acronym: str | None = None
    nation_code: str | None = Field(default=None, foreign_key="nation.code", index=True)
