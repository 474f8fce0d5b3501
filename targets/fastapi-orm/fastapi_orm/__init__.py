"""crudbench target fastapi-orm: FastAPI with the SQLAlchemy 2.0 ORM on asyncio.

Served by uvicorn as `fastapi_orm.main:app` (see target.json and README.md).
"""
