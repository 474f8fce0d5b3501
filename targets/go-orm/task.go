package main

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Task is the GORM model of the tasks table (spec/schema/sqlite.sql, spec/schema/postgres.sql)
// and, through its json tags, the Task of spec/openapi.yaml. crudbench creates the table;
// the tags describe it and are never used to migrate.
//
// The columns' DEFAULTs are deliberately not declared in gorm tags: GORM leaves a zero-valued
// field that has a default out of the INSERT (an empty description, completed=false) and
// reads it back with RETURNING, so the statement would change with the input. Every create
// writes all five columns itself, as the contract's defaults are applied by validation.
type Task struct {
	ID          int64     `gorm:"column:id;primaryKey;autoIncrement" json:"id"`
	Title       string    `gorm:"column:title;not null" json:"title"`
	Description string    `gorm:"column:description;not null" json:"description"`
	Completed   bool      `gorm:"column:completed;not null" json:"completed"`
	CreatedAt   Timestamp `gorm:"column:created_at;not null" json:"created_at"`
	UpdatedAt   Timestamp `gorm:"column:updated_at;not null" json:"updated_at"`
}

// TableName is GORM's naming convention made explicit: the schema's table is "tasks".
func (Task) TableName() string { return "tasks" }

// timestampLayout is the contract's timestamp: RFC 3339, UTC, exactly three fractional digits.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// Timestamp is an instant with millisecond precision, written and rendered in the contract's
// format (2026-11-26T10:17:07.123Z) whatever the database:
//   - SQLite stores the timestamps as that TEXT; the driver hands it back as a string, and
//     rows inserted by anyone else are read the same way.
//   - PostgreSQL stores timestamptz; pgx is given and hands back a time.Time, sent and read
//     in binary, so the session's TimeZone does not matter.
//
// A plain time.Time field would not do on SQLite: go-sqlite3 writes time.Time as
// "2006-01-02 15:04:05.999999999-07:00" and returns a TEXT column as a string that
// database/sql cannot scan into a time.Time. Because Value returns a string, GORM treats the
// field as a string column and does not manage it as an autoCreateTime/autoUpdateTime field:
// the handlers set both timestamps themselves (newTimestamp).
type Timestamp time.Time

// newTimestamp is now, truncated to whole milliseconds (what the JSON shows is what is stored).
func newTimestamp() Timestamp {
	return Timestamp(time.Now().UTC().Truncate(time.Millisecond))
}

func (t Timestamp) String() string { return time.Time(t).UTC().Format(timestampLayout) }

// GormValue is how GORM binds a Timestamp (GORM's Valuer interface, which it asks before
// driver.Valuer): the contract's text on SQLite, the time.Time itself on PostgreSQL, which pgx
// sends as a binary timestamptz. (Given the text, pgx would first fail to encode a string as
// binary timestamptz, then parse it and encode the result: the same value, more work.)
func (t Timestamp) GormValue(_ context.Context, db *gorm.DB) clause.Expr {
	if db.Dialector.Name() == "postgres" {
		return clause.Expr{SQL: "?", Vars: []any{time.Time(t)}}
	}
	return clause.Expr{SQL: "?", Vars: []any{t.String()}}
}

// Value implements driver.Valuer for anything that binds a Timestamp without GORM; GORM also
// calls it once on the zero value to learn the column's kind (a string: see above).
func (t Timestamp) Value() (driver.Value, error) { return t.String(), nil }

// Scan implements sql.Scanner for what each driver returns for the column.
func (t *Timestamp) Scan(src any) error {
	switch value := src.(type) {
	case time.Time: // PostgreSQL timestamptz (pgx)
		*t = Timestamp(value.UTC())
		return nil
	case string: // SQLite TEXT
		return t.parse(value)
	case []byte:
		return t.parse(string(value))
	default:
		return fmt.Errorf("timestamp: cannot scan %T", src)
	}
}

func (t *Timestamp) parse(text string) error {
	parsed, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	*t = Timestamp(parsed.UTC())
	return nil
}

// MarshalJSON renders the contract's format; sub-millisecond digits, if a row had any, are cut.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, len(timestampLayout)+2)
	buf = append(buf, '"')
	buf = time.Time(t).UTC().AppendFormat(buf, timestampLayout)
	return append(buf, '"'), nil
}
