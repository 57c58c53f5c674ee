from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

app = FastAPI()

# The service's tokens: who each one is and what it may do.
TOKENS = {
    "tok-alice": {"user": "alice", "scopes": ["notes:read", "notes:write"]},
    "tok-bob": {"user": "bob", "scopes": ["notes:read"]},
    "tok-carol": {"user": "carol", "scopes": []},
}

# Answers a missing or malformed Authorization header with 401 "Not authenticated" and
# `WWW-Authenticate: Bearer`; the scheme is matched ignoring case.
bearer = HTTPBearer()


def current_account(credentials: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    account = TOKENS.get(credentials.credentials)
    if account is None:
        raise HTTPException(
            status_code=401,
            detail="Invalid token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return account


def require_scope(scope: str):
    def dependency(account: dict = Depends(current_account)) -> dict:
        if scope not in account["scopes"]:
            raise HTTPException(status_code=403, detail=f"Missing scope: {scope}")
        return account

    return dependency


class NoteIn(BaseModel):
    text: str = Field(min_length=1)


notes: dict[int, dict] = {}


def public(note: dict) -> dict:
    return {"id": note["id"], "text": note["text"]}


@app.get("/me")
def me(account: dict = Depends(current_account)):
    return {"user": account["user"], "scopes": account["scopes"]}


@app.get("/notes")
def list_notes(account: dict = Depends(require_scope("notes:read"))):
    return [public(note) for note in notes.values() if note["owner"] == account["user"]]


@app.get("/notes/{note_id}")
def get_note(note_id: int, account: dict = Depends(require_scope("notes:read"))):
    note = notes.get(note_id)
    # Another user's note is as unknown as one that does not exist.
    if note is None or note["owner"] != account["user"]:
        raise HTTPException(status_code=404, detail="Note not found")
    return public(note)


@app.post("/notes", status_code=201)
def create_note(body: NoteIn, account: dict = Depends(require_scope("notes:write"))):
    note_id = len(notes) + 1
    notes[note_id] = {"id": note_id, "owner": account["user"], "text": body.text}
    return public(notes[note_id])
