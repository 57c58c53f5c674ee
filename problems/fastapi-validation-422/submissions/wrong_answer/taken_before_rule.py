from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

app = FastAPI()


class SignUp(BaseModel):
    username: str = Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")
    age: int = Field(ge=13, le=130)
    password: str = Field(min_length=8)
    newsletter: bool = False


class User(BaseModel):
    id: int
    username: str
    age: int
    newsletter: bool


users: dict[str, dict] = {}


@app.post("/users", status_code=201, response_model=User)
def sign_up(body: SignUp):
    # Rules that need more than one field are checked here, after pydantic's 422s.
    if body.username in users:
        raise HTTPException(status_code=409, detail="username taken")
    if body.username in body.password.lower():
        raise HTTPException(status_code=400, detail="password must not contain the username")
    users[body.username] = {"id": len(users) + 1, **body.model_dump()}
    return users[body.username]


@app.get("/users/{username}", response_model=User)
def get_user(username: str):
    if username not in users:
        raise HTTPException(status_code=404, detail="User not found")
    return users[username]
