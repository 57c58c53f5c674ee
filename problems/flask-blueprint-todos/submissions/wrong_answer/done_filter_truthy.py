from flask import Blueprint, Flask, Response, request, url_for

MAX_TITLE = 100


class TodoNotFound(LookupError):
    pass


class InvalidTodo(ValueError):
    pass


class TodoService:
    """The todo rules, with no HTTP in them: the views translate requests and errors."""

    def __init__(self):
        self._todos = {}
        self._last_id = 0

    def create(self, title):
        if not isinstance(title, str) or not 1 <= len(title.strip()) <= MAX_TITLE:
            raise InvalidTodo(f"title must be 1 to {MAX_TITLE} characters")
        self._last_id += 1
        todo = {"id": self._last_id, "title": title.strip(), "done": False}
        self._todos[self._last_id] = todo
        return todo

    def list(self, done=None):
        return [todo for todo in self._todos.values() if done is None or todo["done"] == done]

    def get(self, todo_id):
        try:
            return self._todos[todo_id]
        except KeyError:
            raise TodoNotFound(todo_id) from None

    def complete(self, todo_id):
        todo = self.get(todo_id)
        todo["done"] = True
        return todo

    def delete(self, todo_id):
        self.get(todo_id)
        del self._todos[todo_id]

    def stats(self):
        done = sum(1 for todo in self._todos.values() if todo["done"])
        return {"total": len(self._todos), "done": done, "open": len(self._todos) - done}


service = TodoService()
bp = Blueprint("todos", __name__)


@bp.errorhandler(TodoNotFound)
def todo_not_found(error):
    return {"error": "todo not found"}, 404


@bp.errorhandler(InvalidTodo)
def invalid_todo(error):
    return {"error": str(error)}, 400


@bp.get("/todos")
def list_todos():
    done = request.args.get("done")
    # bool("false") is True: any value given filters for done todos.
    return service.list(None if done is None else bool(done))


@bp.post("/todos")
def create_todo():
    data = request.get_json(silent=True)
    todo = service.create(data.get("title") if isinstance(data, dict) else None)
    return todo, 201, {"Location": url_for("todos.get_todo", todo_id=todo["id"])}


@bp.get("/todos/stats")
def todo_stats():
    return service.stats()


@bp.get("/todos/<int:todo_id>")
def get_todo(todo_id):
    return service.get(todo_id)


@bp.post("/todos/<int:todo_id>/complete")
def complete_todo(todo_id):
    return service.complete(todo_id)


@bp.delete("/todos/<int:todo_id>")
def delete_todo(todo_id):
    service.delete(todo_id)
    return Response(status=204)


app = Flask(__name__)
app.register_blueprint(bp, url_prefix="/api/v1")


@app.errorhandler(404)
def not_found(error):
    return {"error": "not found"}, 404
