package sqlite

// gc_test.go: why sqlite3_step and sqlite3_prepare_v3 are cgo calls. A
// step may run as long as its statement wants (a sort, an aggregate over
// a table, a wait on a lock), and a prepare may read the schema; as a
// fast call neither could be preempted, so a garbage collection started
// meanwhile would wait for it to return.

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// longStep is one step that runs for a while: an aggregate over 1.5
// million generated rows (0.3-0.5 s here).
const longStep = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1500000) SELECT max(x) FROM c"

// gcDuringStep runs one step of longStep with step on another goroutine
// and a runtime.GC() 20 ms into it. It returns how long the GC took, how
// long the step took, and whether the GC finished before the step did.
func gcDuringStep(t *testing.T, step func(*capi.Stmt) int32) (gc, total time.Duration, gcFirst bool) {
	rc, db, err := capi.Open(filepath.Join(t.TempDir(), "gc.db"), capi.OpenReadwrite|capi.OpenCreate|capi.OpenNomutex, nil)
	if err != nil || rc != capi.Ok {
		t.Fatalf("open: %d, %v", rc, err)
	}
	defer db.Close()
	rc, st, _ := db.PrepareString(longStep, 0)
	if rc != capi.Ok {
		t.Fatalf("prepare: %d", rc)
	}
	defer st.Finalize()
	started := make(chan time.Time)
	ended := make(chan time.Time)
	go func() {
		started <- time.Now()
		if rc := step(st); rc != capi.Row {
			t.Errorf("step: %d", rc)
		}
		ended <- time.Now()
	}()
	begin := <-started
	time.Sleep(20 * time.Millisecond)
	gcStart := time.Now()
	runtime.GC()
	gcEnd := time.Now()
	end := <-ended
	return gcEnd.Sub(gcStart), end.Sub(begin), gcEnd.Before(end)
}

func TestGCDuringLongStep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two half-second queries")
	}
	gcCgo, stepCgo, firstCgo := gcDuringStep(t, (*capi.Stmt).Step)
	gcFast, stepFast, firstFast := gcDuringStep(t, (*capi.Stmt).StepFast)
	// The batch step (batch.go) is a cgo call too.
	gcBatch, stepBatch, firstBatch := gcDuringStep(t, func(st *capi.Stmt) int32 {
		var b batch
		if b.fill(st, 1); b.n == 1 {
			return capi.Row
		}
		return b.end
	})
	t.Logf("runtime.GC() during a %v step in cgo mode: %v", stepCgo, gcCgo)
	t.Logf("runtime.GC() during a %v batch step (cgo mode): %v", stepBatch, gcBatch)
	t.Logf("runtime.GC() during a %v step as a fast call: %v", stepFast, gcFast)
	if !firstCgo {
		t.Errorf("cgo mode: the GC (%v) waited for the step (%v)", gcCgo, stepCgo)
	}
	if !firstBatch {
		t.Errorf("batch step: the GC (%v) waited for the step (%v)", gcBatch, stepBatch)
	}
	if firstFast {
		t.Errorf("fast call: the GC (%v) finished before the step (%v): was the step short?", gcFast, stepFast)
	}
}

// The first statement a connection prepares reads and parses the whole
// schema: with 2,000 tables that takes milliseconds, which is why
// prepare is a cgo call too.
func TestPrepareReadsSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 2,000 tables")
	}
	file := filepath.Join(t.TempDir(), "schema.db")
	open := func() *capi.Conn {
		rc, db, err := capi.Open(file, capi.OpenReadwrite|capi.OpenCreate|capi.OpenNomutex, nil)
		if err != nil || rc != capi.Ok {
			t.Fatalf("open: %d, %v", rc, err)
		}
		return db
	}
	var ddl strings.Builder
	ddl.WriteString("BEGIN;")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&ddl, "CREATE TABLE t%d (a INTEGER PRIMARY KEY, b TEXT, c REAL);", i)
	}
	ddl.WriteString("COMMIT;")
	sdb, err := sql.Open(DriverName, file)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, sdb, ddl.String())
	sdb.Close()
	db := open()
	defer db.Close()
	prepare := func() time.Duration {
		start := time.Now()
		rc, st, _ := db.PrepareString("SELECT b FROM t1999 WHERE a = ?", 0)
		d := time.Since(start)
		if rc != capi.Ok {
			t.Fatalf("prepare: %s", db.Errmsg())
		}
		st.Finalize()
		return d
	}
	cold, warm := prepare(), prepare()
	t.Logf("first prepare on a connection (2,000 tables): %v; the next: %v", cold, warm)
	if cold < 10*warm {
		t.Errorf("the first prepare (%v) is not much slower than the next (%v): did it read the schema?", cold, warm)
	}
}
