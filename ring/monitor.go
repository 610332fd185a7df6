// monitor.go: the goroutine that finds workers stuck in a handler
// (worker.go says what is done with them).
package ring

import (
	"sync"
	"sync/atomic"
	"time"
)

// stuckAfter: a worker that has taken no new call from its batch for this
// long is rescued. Shorter finds blocking handlers sooner but wakes the
// monitor more often while calls run, and takes more short pauses (a
// garbage collection, the OS descheduling a thread) for blocking.
const stuckAfter = 500 * time.Microsecond

// idleLooks: after this many looks that find no batch running, the
// monitor sleeps until a worker starts one; an idle ring costs no wakeups.
const idleLooks = 8

type monitor struct {
	asleep   atomic.Bool
	wake     chan struct{} // a worker wakes a sleeping monitor
	quit     chan struct{}
	done     chan struct{}
	stopping sync.Once // Close may run on several goroutines at once
}

func (m *monitor) start(r *Ring) {
	m.wake = make(chan struct{}, 1)
	m.quit = make(chan struct{})
	m.done = make(chan struct{})
	go m.run(r)
}

func (m *monitor) stop() {
	if m.quit == nil {
		return // never started
	}
	m.stopping.Do(func() { close(m.quit) })
	<-m.done
}

// batchStarted is called by a worker after it marks a batch running.
// Both sides use sequentially consistent atomics: either the monitor's
// last look before sleeping sees the batch, or the worker sees asleep.
func (m *monitor) batchStarted() {
	if m.asleep.Load() && m.asleep.CompareAndSwap(true, false) {
		m.wake <- struct{}{}
	}
}

func (m *monitor) run(r *Ring) {
	defer close(m.done)
	tick := time.NewTicker(stuckAfter)
	defer tick.Stop()
	idle := 0
	for {
		select {
		case <-m.quit:
			return
		case <-tick.C:
		}
		if r.lookForStuckWorkers() {
			idle = 0
			continue
		}
		if idle++; idle < idleLooks {
			continue
		}
		m.asleep.Store(true)
		if r.lookForStuckWorkers() && m.asleep.CompareAndSwap(true, false) {
			idle = 0
			continue // a batch started meanwhile: keep looking
		}
		// Asleep, or a worker has just cleared the flag and sends a wake.
		select {
		case <-m.quit:
			return
		case <-m.wake:
		}
		idle = 0
		tick.Reset(stuckAfter)
	}
}

// lookForStuckWorkers rescues every worker that has run the same batch
// without taking a new call since the last look, and reports whether any
// worker is running a batch.
func (r *Ring) lookForStuckWorkers() (running bool) {
	// At the blocking limit, a rescue would only start a worker that
	// waits for the limit too.
	full := len(r.spawned) == cap(r.spawned)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range r.active {
		ph := w.phase.Load()
		if ph&3 != phaseRunning {
			w.seenPhase = 0
			continue
		}
		running = true
		next := w.next.Load()
		if ph != w.seenPhase || next != w.seenNext {
			w.seenPhase, w.seenNext = ph, next
			continue
		}
		w.seenPhase = 0
		if full {
			continue
		}
		// The call the worker is stuck in is the last it took; the
		// batch cannot change while it is rescued.
		if i, ok := r.rescue(w, ph>>2); ok && i >= 0 {
			if fn := uint32(w.calls[i].handler); fn < uint32(len(r.blocking)) {
				r.blocking[fn].mark()
			}
		}
	}
	return running
}
