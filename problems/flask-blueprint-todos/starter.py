from flask import Blueprint, Flask, request, url_for


class TodoService:
    """The todo rules, with no HTTP in them."""

    def __init__(self):
        self._todos = {}

    def list(self, done=None):
        return list(self._todos.values())


service = TodoService()
bp = Blueprint("todos", __name__)


@bp.get("/todos")
def list_todos():
    return service.list()


app = Flask(__name__)
app.register_blueprint(bp, url_prefix="/api/v1")
