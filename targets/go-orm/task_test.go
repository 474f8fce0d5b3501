package main

import (
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// dryRun is GORM on a dialect in DryRun mode: statements are built, never sent (without the
// default transaction, whose BEGIN would need a connection).
func dryRun(t *testing.T, dialector gorm.Dialector) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(dialector, &gorm.Config{DryRun: true, DisableAutomaticPing: true, SkipDefaultTransaction: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestCreateWritesEveryColumnAndBindsTimestampsPerDialect(t *testing.T) {
	created := newTimestamp()
	for _, dialect := range []struct {
		name      string
		dialector gorm.Dialector
		sql       string
		timestamp any
	}{
		{"sqlite", sqlite.Open(":memory:"),
			"INSERT INTO `tasks` (`title`,`description`,`completed`,`created_at`,`updated_at`) VALUES (?,?,?,?,?) RETURNING `id`",
			created.String()},
		{"postgres", postgres.New(postgres.Config{DSN: "postgresql://nobody@127.0.0.1:1/none"}),
			`INSERT INTO "tasks" ("title","description","completed","created_at","updated_at") VALUES ($1,$2,$3,$4,$5) RETURNING "id"`,
			time.Time(created)},
	} {
		task := Task{Title: "t", CreatedAt: created, UpdatedAt: created}
		result := dryRun(t, dialect.dialector).Create(&task)
		if result.Error != nil {
			t.Fatalf("%s: %v", dialect.name, result.Error)
		}
		statement := result.Statement
		if got := statement.SQL.String(); got != dialect.sql {
			t.Errorf("%s: %s", dialect.name, got)
		}
		// An empty description and false are written, not left to the column defaults.
		if len(statement.Vars) != 5 || statement.Vars[1] != "" || statement.Vars[2] != false {
			t.Fatalf("%s: vars %#v", dialect.name, statement.Vars)
		}
		if statement.Vars[3] != dialect.timestamp {
			t.Errorf("%s: created_at bound as %#v, want %#v", dialect.name, statement.Vars[3], dialect.timestamp)
		}
	}
}

func TestReplaceUpdatesExactlyTheReplacedColumns(t *testing.T) {
	task := Task{ID: 7, Title: "t", UpdatedAt: newTimestamp()} // description "", completed false
	statement := dryRun(t, sqlite.Open(":memory:")).Model(&task).Select("Title", "Description", "Completed", "UpdatedAt").Updates(&task).Statement
	want := "UPDATE `tasks` SET `title`=?,`description`=?,`completed`=?,`updated_at`=? WHERE `id` = ?"
	if got := statement.SQL.String(); got != want {
		t.Errorf("got %s", got)
	}
}

func TestTimestampScansBothDriversAndRendersTheContractFormat(t *testing.T) {
	var fromSQLite, fromPostgres Timestamp
	if err := fromSQLite.Scan("2026-01-02T03:04:05.678Z"); err != nil {
		t.Fatal(err)
	}
	if err := fromPostgres.Scan(time.Date(2026, 1, 2, 4, 4, 5, 678_900_000, time.FixedZone("CET", 3600))); err != nil {
		t.Fatal(err)
	}
	for _, timestamp := range []Timestamp{fromSQLite, fromPostgres} {
		if got, _ := timestamp.MarshalJSON(); string(got) != `"2026-01-02T03:04:05.678Z"` {
			t.Errorf("got %s", got)
		}
	}
}
