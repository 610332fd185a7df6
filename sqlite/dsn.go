package sqlite

// dsn.go: the data source name: a file name or URI and the driver's
// options, parsed into what open needs (see the package doc for the list).

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/ferry-ffi/ferry/sqlite/internal/capi"
)

// config is a parsed DSN.
type config struct {
	name        string // what sqlite3_open_v2 gets: the file name or URI
	flags       int32  // SQLITE_OPEN_*
	busyTimeout int    // milliseconds
	pragmas     []string
	txBegin     string // BEGIN, BEGIN IMMEDIATE or BEGIN EXCLUSIVE
}

// defaultBusyTimeout is how long a statement waits for another
// connection's lock before failing with SQLITE_BUSY (mattn's default too).
const defaultBusyTimeout = 5000

// pragma options: the DSN names (first the preferred one) and the values
// each accepts, which are checked so that a value cannot inject SQL.
var pragmaOptions = []struct {
	names  []string
	pragma string
	values []string
}{
	{[]string{"_journal_mode", "_journal"}, "journal_mode", []string{"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"}},
	{[]string{"_foreign_keys", "_fk"}, "foreign_keys", []string{"1", "0", "ON", "OFF", "TRUE", "FALSE", "YES", "NO"}},
	{[]string{"_synchronous", "_sync"}, "synchronous", []string{"OFF", "NORMAL", "FULL", "EXTRA", "0", "1", "2", "3"}},
}

// parseDSN splits dsn into the name SQLite opens and the driver's options.
func parseDSN(dsn string) (*config, error) {
	c := &config{
		flags:       capi.OpenReadwrite | capi.OpenCreate | capi.OpenNomutex | capi.OpenUri,
		busyTimeout: defaultBusyTimeout,
		txBegin:     "BEGIN",
	}
	name, rawQuery, _ := strings.Cut(dsn, "?")
	if name == "" {
		return nil, fmt.Errorf("sqlite: empty file name in DSN %q (use \":memory:\" for a memory database)", dsn)
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, fmt.Errorf("sqlite: DSN %q: %v", dsn, err)
	}
	isURI := strings.HasPrefix(name, "file:")
	pass := url.Values{} // left in the URI for SQLite
	for key, vals := range query {
		v := vals[len(vals)-1]
		if err := c.option(key, v, isURI, pass); err != nil {
			return nil, fmt.Errorf("sqlite: DSN %q: %v", dsn, err)
		}
	}
	sort.Strings(c.pragmas) // map order is random; the effect is not
	c.name = name
	if isURI && len(pass) > 0 {
		c.name = name + "?" + pass.Encode()
	}
	return c, nil
}

// option applies one DSN option; SQLite's own URI parameters other than
// mode and cache go to pass (URIs only).
func (c *config) option(key, v string, isURI bool, pass url.Values) error {
	switch key {
	case "mode":
		mode := map[string]int32{
			"ro":     capi.OpenReadonly,
			"rw":     capi.OpenReadwrite,
			"rwc":    capi.OpenReadwrite | capi.OpenCreate,
			"memory": capi.OpenReadwrite | capi.OpenCreate | capi.OpenMemory,
		}
		f, ok := mode[v]
		if !ok {
			return fmt.Errorf("mode=%s: want ro, rw, rwc or memory", v)
		}
		c.flags = c.flags&^(capi.OpenReadonly|capi.OpenReadwrite|capi.OpenCreate|capi.OpenMemory) | f
		return nil
	case "cache":
		switch v {
		case "shared":
			c.flags = c.flags&^capi.OpenPrivatecache | capi.OpenSharedcache
		case "private":
			c.flags = c.flags&^capi.OpenSharedcache | capi.OpenPrivatecache
		default:
			return fmt.Errorf("cache=%s: want shared or private", v)
		}
		return nil
	case "_busy_timeout", "busy_timeout", "_timeout":
		ms, err := strconv.Atoi(v)
		if err != nil || ms < 0 {
			return fmt.Errorf("%s=%s: want milliseconds (0 or more)", key, v)
		}
		c.busyTimeout = ms
		return nil
	case "_txlock":
		switch strings.ToLower(v) {
		case "deferred":
			c.txBegin = "BEGIN"
		case "immediate":
			c.txBegin = "BEGIN IMMEDIATE"
		case "exclusive":
			c.txBegin = "BEGIN EXCLUSIVE"
		default:
			return fmt.Errorf("_txlock=%s: want deferred, immediate or exclusive", v)
		}
		return nil
	}
	for _, p := range pragmaOptions {
		for _, n := range p.names {
			if key != n {
				continue
			}
			for _, ok := range p.values {
				if strings.EqualFold(v, ok) {
					c.pragmas = append(c.pragmas, "PRAGMA "+p.pragma+" = "+ok)
					return nil
				}
			}
			return fmt.Errorf("%s=%s: want one of %s", key, v, strings.Join(p.values, ", "))
		}
	}
	if isURI && !strings.HasPrefix(key, "_") {
		pass[key] = []string{v}
		return nil
	}
	return fmt.Errorf("unknown option %q", key)
}
