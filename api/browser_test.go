package api

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestSwaggerUI opens Swagger UI in headless Chromium, uses "Try it out" on
// POST /v1/evaluate with the example body the document generates, and
// checks that the live response is a 200 with results.
func TestSwaggerUI(t *testing.T) {
	path := chromium()
	if path == "" && os.Getenv("CI") != "" {
		t.Fatal("chromium not installed, but CI must run the Swagger UI browser test (.ci/run installs it)")
	}
	if path == "" {
		t.Skip("chromium not installed (apt-get install chromium; .ci/run installs it): skipping the Swagger UI browser test")
	}
	srv := httptest.NewServer(newTestServer(t))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	// The deadline bounds the whole browser, not only one action.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	ctx, cancel = chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()

	const op = `#operations-evaluate-post_v1_evaluate`
	css := func(sel string) chromedp.CSS { return chromedp.CSS(op + " " + sel) }
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/docs/"),
		chromedp.WaitVisible(chromedp.CSS(op)),
		chromedp.Click(css(".opblock-summary")),
		chromedp.WaitVisible(css(".try-out__btn")),
		chromedp.Click(css(".try-out__btn")),
		chromedp.WaitVisible(css(".execute")),
		chromedp.Click(css(".execute")),
		chromedp.WaitVisible(css(".live-responses-table tbody .response-col_status")),
	)
	if err != nil {
		t.Fatalf("Swagger UI: %v", err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(css(".live-responses-table tbody .response-col_status")))
	if err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(ctx, chromedp.Text(css(".live-responses-table tbody .response-col_description")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(strings.TrimSpace(status), "200") {
		t.Fatalf("Try it out on POST /v1/evaluate: status %q, want 200; body %.500s", status, body)
	}
	for _, want := range []string{`"results"`, `"architecture": "hot-standby"`, `"p99_ms"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Try it out response lacks %s: %.500s", want, body)
		}
	}
}
