from sqlmodel import Field, SQLModel


class Person(SQLModel, table=True):
    """An official or other person, with the name as the sources write it."""

    slug: str = Field(primary_key=True)
    name: str = Field(index=True)
    nation_code: str | None = Field(default=None, foreign_key="nation.code", index=True)


class Position(SQLModel, table=True):
    """A title a person holds or held; `slug` is `<person>-<n>` in file order."""

    slug: str = Field(primary_key=True)
    person_slug: str = Field(foreign_key="person.slug", index=True)
    ordinal: int
    title: str
    organisation_slug: str | None = Field(default=None, foreign_key="organisation.slug", index=True)
    nation_code: str | None = Field(default=None, foreign_key="nation.code")
    current: bool
