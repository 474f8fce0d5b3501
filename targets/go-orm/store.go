// Command crudbench-go-orm serves crudbench's Task API (spec/openapi.yaml) with net/http
// and GORM, on SQLite or PostgreSQL as DATABASE_URL says.
//
// The web layer (main.go, routes.go, input.go, servertiming.go, timeddriver.go, sqllog.go)
// is the same file for file as go-raw's; the data access is this file, task.go and
// database.go.
package main

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"gorm.io/gorm"
)

// store is go-orm's taskStore (routes.go): every operation through GORM's query API, with
// the request's context, which carries its Server-Timing clock to the timed driver
// (timeddriver.go). GORM wraps each write (Create, Updates, Delete) in a transaction of its
// own: BEGIN, the statement, COMMIT — its default, kept (SkipDefaultTransaction is off).
type store struct {
	db   *gorm.DB
	pool *sql.DB
	// writes serialises this process's writes on SQLite, which has one writer at a time:
	// pooled connections racing for its write lock would wait in SQLite's busy handler,
	// which sleeps in growing steps (up to 100 ms) instead of taking turns. Reads never take
	// it (in WAL mode readers do not block the writer). On PostgreSQL it does nothing.
	writes sync.Locker
}

var _ taskStore = (*store)(nil)

func newStore(db *gorm.DB, pool *sql.DB) *store {
	s := &store{db: db, pool: pool, writes: noLock{}}
	if db.Dialector.Name() == "sqlite" {
		s.writes = &sync.Mutex{}
	}
	return s
}

type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}

func (s *store) Close() error { return s.pool.Close() }

func (s *store) Create(ctx context.Context, input taskInput) (Task, error) {
	now := newTimestamp()
	task := Task{Title: input.Title, Description: input.Description, Completed: input.Completed, CreatedAt: now, UpdatedAt: now}
	// INSERT ... RETURNING "id": the database assigns it.
	s.writes.Lock()
	err := s.db.WithContext(ctx).Create(&task).Error
	s.writes.Unlock()
	if err != nil {
		return Task{}, failed(err)
	}
	return task, nil
}

func (s *store) List(ctx context.Context, limit, offset int64) ([]Task, error) {
	tasks := make([]Task, 0, min(limit, defaultLimit))
	if err := s.db.WithContext(ctx).Order("id").Limit(int(limit)).Offset(int(offset)).Find(&tasks).Error; err != nil {
		return nil, failed(err)
	}
	return tasks, nil
}

func (s *store) Read(ctx context.Context, id int64) (Task, error) {
	var task Task
	if err := s.db.WithContext(ctx).First(&task, id).Error; err != nil {
		return Task{}, failed(err)
	}
	return task, nil
}

// Replace loads the task, assigns all three fields (defaults included) and a new
// updated_at, and updates exactly those columns.
func (s *store) Replace(ctx context.Context, id int64, input taskInput) (Task, error) {
	db := s.db.WithContext(ctx)
	var task Task
	if err := db.First(&task, id).Error; err != nil {
		return Task{}, failed(err)
	}
	task.Title, task.Description, task.Completed = input.Title, input.Description, input.Completed
	task.UpdatedAt = newTimestamp()
	// Select names the columns so that zero values (an empty description, false) are written
	// too: Updates with a struct skips them otherwise.
	s.writes.Lock()
	result := db.Model(&task).Select("Title", "Description", "Completed", "UpdatedAt").Updates(&task)
	s.writes.Unlock()
	if result.Error != nil {
		return Task{}, failed(result.Error)
	}
	if result.RowsAffected == 0 { // deleted by another request since First
		return Task{}, errNotFound
	}
	return task, nil
}

func (s *store) Delete(ctx context.Context, id int64) error {
	s.writes.Lock()
	result := s.db.WithContext(ctx).Delete(&Task{}, id)
	s.writes.Unlock()
	if result.Error != nil {
		return failed(result.Error)
	}
	if result.RowsAffected == 0 {
		return errNotFound
	}
	return nil
}

// failed maps a failed GORM call: no row is errNotFound (404); a value the schema's
// constraints refuse is a 400 (refusedByDatabase); anything else stays an error (a 500).
func failed(err error) error {
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errNotFound
	case isRefused(err):
		return refusedByDatabase(err)
	default:
		return err
	}
}
