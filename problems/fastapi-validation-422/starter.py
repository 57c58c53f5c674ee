from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

app = FastAPI()


@app.get("/users/{username}")
def get_user(username: str):
    raise HTTPException(status_code=404, detail="User not found")
