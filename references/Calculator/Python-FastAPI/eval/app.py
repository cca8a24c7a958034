import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI()


class Calculation(BaseModel):
    expression: str


@app.post("/calculator")
def calculator(body: Calculation):
    try:
        value = eval(body.expression)
    except Exception:
        return JSONResponse({"error": "Invalid input"}, status_code=400)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {"result": str(value)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=5000)
