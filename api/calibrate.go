package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// CalibrateRequest is the body of POST /v1/calibrate: the text of the
// measurement files. At least one of fio, pg_test_fsync and pgbench is
// required.
type CalibrateRequest struct {
	// Name of the calibrated profile; it must not be a built-in name
	// (default "calibrated").
	Name string `json:"name,omitempty" example:"calibrated"`
	// Base is the built-in profile the unmeasured fields come from
	// (default "lecture").
	Base string `json:"base,omitempty" example:"lecture"`
	// Device is the storage device fio and pg_test_fsync ran on (default local).
	Device string `json:"device,omitempty" validate:"omitempty,oneof=local network" enums:"local,network" example:"local"`
	// Cores the pgbench runs used, database and pgbench together; it
	// becomes the profile's vcpus (default 0: keep the base's and fit the
	// CPU demand on one-client runs only).
	Cores int `json:"cores,omitempty" validate:"gte=0,lte=1024" example:"2"`
	// Fio are outputs of fio --output-format=json, one document each.
	Fio []string `json:"fio,omitempty" validate:"max=64"`
	// PgTestFsync is the text output of pg_test_fsync.
	PgTestFsync string `json:"pg_test_fsync,omitempty"`
	// Pgbench are pgbench outputs, one or several runs each.
	Pgbench []string `json:"pgbench,omitempty" validate:"max=64"`
	// PgStatWAL are pg_stat_wal figures over the measured interval as a
	// JSON object or CSV with a header: wal_bytes, wal_fpi, transactions.
	PgStatWAL string `json:"pg_stat_wal,omitempty" example:"{\"wal_bytes\": 2600000, \"wal_fpi\": 300, \"transactions\": 400}"`
}

// CalibrateResponse is the body of a successful POST /v1/calibrate.
type CalibrateResponse struct {
	// Profile is the calibrated profile in the form GET /v1/profiles/{name}
	// fields use (flat, public units, with "sources"); POST it as the
	// "profile" of /v1/evaluate, or save it for `pgarch evaluate --profile`.
	Profile calibration.Profile `json:"profile" swaggertype:"object"`
	// Report says what was fitted and how well.
	Report calibration.Report `json:"report"`
}

// errNoMeasurements reports a request without any measurement.
var errNoMeasurements = errors.New("give at least one of fio, pg_test_fsync, pgbench, pg_stat_wal")

// Calibrate fits a profile to the measurements in req (calibration.Calibrate).
// Its errors are *calibration.ParseError (File is the request field, e.g.
// "pgbench[1]") and *model.ParamError; calibrateError maps them to a problem.
func Calibrate(req CalibrateRequest) (CalibrateResponse, error) {
	if len(req.Fio) == 0 && req.PgTestFsync == "" && len(req.Pgbench) == 0 && req.PgStatWAL == "" {
		return CalibrateResponse{}, errNoMeasurements
	}
	in := calibration.Inputs{Name: req.Name, Base: req.Base, Device: req.Device, Cores: req.Cores}
	for i, s := range req.Fio {
		in.Fio = append(in.Fio, calibration.Input{Name: fmt.Sprintf("fio[%d]", i), Data: []byte(s)})
	}
	if req.PgTestFsync != "" {
		in.PgTestFsync = calibration.Input{Name: "pg_test_fsync", Data: []byte(req.PgTestFsync)}
	}
	for i, s := range req.Pgbench {
		in.Pgbench = append(in.Pgbench, calibration.Input{Name: fmt.Sprintf("pgbench[%d]", i), Data: []byte(s)})
	}
	if req.PgStatWAL != "" {
		in.PgStatWAL = calibration.Input{Name: "pg_stat_wal", Data: []byte(req.PgStatWAL)}
	}
	p, rep, err := calibration.Calibrate(in)
	if err != nil {
		return CalibrateResponse{}, err
	}
	if rep.Fits == nil {
		rep.Fits = []calibration.FitReport{} // "fits": [], not null
	}
	return CalibrateResponse{Profile: p, Report: rep}, nil
}

// postCalibrate godoc
//
//	@Summary		Calibrate a profile from measurements
//	@Description	Fits a profile to the text of measurement files: fio `--output-format=json` outputs (read and write latency, p99 and IOPS ceiling of the device), `pg_test_fsync` output (the fdatasync time of one 8 kB write: the WAL flush latency) and pgbench outputs at several client counts (Universal Scalability Law σ, κ with R², and the CPU demand per read and per statement, which are workload figures and come back in `report.workload`), and optionally `pg_stat_wal` figures (the WAL record bytes per transaction, also a workload figure). Fields not measured keep the `base` profile's values.
//	@Description
//	@Description	The response's `profile` is a complete custom profile with each fitted field's source (file, fit, R², points): POST it as the `profile` of /v1/evaluate. Errors name the request field and the line: `{"pointer": "/pgbench/1", "detail": "line 22: truncated input: …"}`.
//	@Tags			calibrate
//	@Accept			json
//	@Produce		json
//	@Produce		application/problem+json
//	@Param			request	body		CalibrateRequest	true	"measurement files' contents"
//	@Success		200		{object}	CalibrateResponse
//	@Failure		400		{object}	Problem	"malformed JSON"
//	@Failure		413		{object}	Problem	"body over 1 MiB"
//	@Failure		415		{object}	Problem	"not application/json"
//	@Failure		422		{object}	Problem	"a measurement that does not parse (pointer and line), a fitted value out of range, an unknown base profile"
//	@Router			/v1/calibrate [post]
func (s *Server) postCalibrate(c echo.Context) error {
	if err := checkQuery(c); err != nil {
		return err
	}
	if err := checkJSON(c.Request().Header.Get(echo.HeaderContentType)); err != nil {
		return err
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return bodyError(err, nil)
	}
	var req CalibrateRequest
	if err := decodeStrict(body, &req); err != nil {
		return bodyError(&decodeError{err}, body)
	}
	if err := c.Validate(&req); err != nil {
		return bodyError(err, body)
	}
	resp, err := Calibrate(req)
	if err != nil {
		return calibrateError(err)
	}
	return c.JSON(http.StatusOK, resp)
}

// calibrateError maps Calibrate's errors to a 422 problem naming the
// request field (and the line, for measurements that do not parse).
func calibrateError(err error) error {
	if errors.Is(err, errNoMeasurements) {
		return invalid(FieldError{Pointer: "", Detail: err.Error()})
	}
	var pe *calibration.ParseError
	if errors.As(err, &pe) {
		detail := strings.TrimPrefix(pe.Err.Error(), "calibration: ")
		if pe.Line > 0 {
			detail = "line " + strconv.Itoa(pe.Line) + ": " + detail
		}
		return invalid(FieldError{Pointer: inputPointer(pe.File), Detail: detail})
	}
	var me *model.ParamError
	if errors.As(err, &me) {
		return invalid(FieldError{Pointer: "/" + escapePointer(me.Field), Detail: paramDetail(me)})
	}
	return err
}

// inputPointer turns an input name such as "pgbench[1]" into its JSON
// pointer, "/pgbench/1".
func inputPointer(name string) string {
	field, idx, ok := strings.Cut(name, "[")
	if !ok {
		return "/" + field
	}
	return "/" + field + "/" + strings.TrimSuffix(idx, "]")
}
