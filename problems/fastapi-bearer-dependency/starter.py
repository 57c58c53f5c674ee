from fastapi import Depends, FastAPI, Header, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

app = FastAPI()

# The service's tokens: who each one is and what it may do.
TOKENS = {
    "tok-alice": {"user": "alice", "scopes": ["notes:read", "notes:write"]},
    "tok-bob": {"user": "bob", "scopes": ["notes:read"]},
    "tok-carol": {"user": "carol", "scopes": []},
}


@app.get("/me")
def me():
    return {"user": "alice", "scopes": ["notes:read", "notes:write"]}
