from verdict import sample, weight, group


@sample
def test_mixins_combine(solution, check):
    class Document(solution.Named, solution.Tagged, solution.Audited):
        pass

    doc = Document(name="spec", tags=["draft", "api"], actor="ada")
    check(doc.tags)
    check(doc.history())
    check(doc.describe())
    check(doc.summary())
    with check.raises():
        Document(name="spec", colour="red")


def test_root_alone(solution, check):
    record = solution.Record()
    check(record.describe())
    check(record.summary())
    with check.raises():
        solution.Record(a=1, c=3, b=2)


def test_each_mixin_alone(solution, check):
    named = solution.Named(name="x")
    check((named.name, named.describe(), named.summary()))
    tagged = solution.Tagged()
    check((tagged.tags, tagged.describe(), tagged.summary()))
    audited = solution.Audited()
    check((audited.history(), audited.describe(), audited.summary()))


@weight(2)
def test_every_init_runs_once_in_mro_order(solution, check):
    class Post(solution.Tagged, solution.Audited, solution.Named):
        pass

    post = Post(name="hello", tags=("a", "b", "a"), actor="bob")
    check([cls.__name__ for cls in Post.__mro__])
    check(post.summary())
    check(post.describe())
    check(post.history())
    check((isinstance(post, solution.Named), isinstance(post, solution.Record)))


@weight(2)
def test_unknown_keywords_reach_the_root(solution, check):
    class Document(solution.Named, solution.Tagged, solution.Audited):
        pass

    with check.raises():
        Document(name="a", tgas=["x"])
    with check.raises():
        Document(name="a", tags=["x"], actor="me", zeta=1, alpha=2)
    with check.raises():
        solution.Named(name="a", tags=["x"])
    with check.raises():
        solution.Tagged(actor="x")


def test_required_and_keyword_only(solution, check):
    class Document(solution.Named, solution.Tagged):
        pass

    with check.raises(message=False):
        Document(tags=["x"])
    with check.raises(message=False):
        solution.Named("positional")
    with check.raises():
        Document(name="")
    with check.raises():
        Document(name="   ")
    with check.raises():
        Document(name=42)


def test_a_subclass_joins_the_chain(solution, check):
    class Article(solution.Named, solution.Tagged):
        def __init__(self, *, words=0, **kwargs):
            super().__init__(**kwargs)
            self.words = words

        def describe(self):
            description = super().describe()
            description["words"] = self.words
            return description

        def summary(self):
            return [f"Article({self.words})"] + super().summary()

    article = Article(name="intro", words=250, tags=["guide"])
    check(article.describe())
    check(article.summary())
    with check.raises():
        Article(name="intro", wrods=1)

    class Middle(solution.Audited):
        def __init__(self, *, level, **kwargs):
            self.level = level
            super().__init__(**kwargs)

    class Leaf(solution.Named, Middle, solution.Tagged):
        pass

    leaf = Leaf(name="n", level=3, tags=["t"], actor="eve")
    check((leaf.level, leaf.tags, leaf.history()))
    check(leaf.summary())


def test_tags_are_per_instance(solution, check):
    first = solution.Tagged()
    second = solution.Tagged()
    first.add_tag("red")
    check((first.tags, second.tags))
    given = ["blue", "green"]
    third = solution.Tagged(tags=given)
    third.add_tag("pink")
    third.add_tag("blue")
    check(given)
    check(third.tags)
    check(solution.Tagged().tags)
    with check.raises():
        third.add_tag("")
    with check.raises():
        third.add_tag(7)
    with check.raises():
        solution.Tagged(tags=["ok", None])


def test_tags_keep_first_seen_order(solution, check):
    tagged = solution.Tagged(tags=iter(["b", "a", "b", "c", "a"]))
    check(tagged.tags)
    check(type(tagged.tags).__name__)
    tagged.add_tag("a")
    tagged.add_tag("d")
    check(tagged.describe())
    check(tagged.summary())


def test_audit_history(solution, check):
    class Ticket(solution.Audited, solution.Named):
        pass

    ticket = Ticket(name="bug", actor="ops")
    ticket.log("assigned")
    ticket.log("closed")
    events = ticket.history()
    events.append("tampered")
    check(ticket.history())
    check(ticket.describe())
    check(ticket.summary())
    other = Ticket(name="feature")
    check(other.history())


def test_describe_is_fresh_each_time(solution, check):
    class Document(solution.Named, solution.Tagged):
        pass

    doc = Document(name="d", tags=["x"])
    first = doc.describe()
    first["name"] = "changed"
    first["tags"].append("y")
    check(doc.describe())
    check(doc.tags)
    check(solution.Named(name="other").describe())
