package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

const maxUpload = 100 << 20 // uploads beyond 100 MB are refused with 413

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func extract(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxUpload {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "The upload is too large."})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "The upload is too large."})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "a multipart form is required"})
		return
	}
	defer r.MultipartForm.RemoveAll()
	frameText := r.FormValue("frameNumber")
	video, _, err := r.FormFile("video")
	if err != nil || r.FormValue("videoFileName") == "" || !isDigits(frameText) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "videoFileName, a non-negative frameNumber and video are required"})
		return
	}
	defer video.Close()
	frame, err := strconv.Atoi(frameText)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "frameNumber is too large"})
		return
	}
	work, err := os.MkdirTemp("", "frames-")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	// The upload is stored under the client's videoFileName, unchecked, so ../ lands outside work.
	source, out := filepath.Join(work, r.FormValue("videoFileName")), filepath.Join(work, "frame.png")
	f, err := os.Create(source)
	if err == nil {
		_, err = io.Copy(f, video)
		f.Close()
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the upload"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-nostdin", "-i", source,
		"-vf", fmt.Sprintf(`select=eq(n\,%d)`, frame), "-vframes", "1", "-y", out)
	_ = cmd.Run()
	if ctx.Err() != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "The video took too long to decode."})
		return
	}
	data, err := os.ReadFile(out)
	if err != nil || len(data) == 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("Frame at index %d could not be found.", frame)})
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /extract", extract)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
