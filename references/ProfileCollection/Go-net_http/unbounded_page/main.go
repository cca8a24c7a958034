package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"html"
	"io"
	"log"
	"net/http"
	"regexp"
	"strings"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Markup kept in a profile page; everything else (script, style, iframe, event handlers, ...) is
// dropped, and text is re-escaped.
var allowedTags = map[string]bool{"html": true, "head": true, "title": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "p": true, "div": true,
	"span": true, "b": true, "i": true, "u": true, "em": true, "strong": true, "ul": true,
	"ol": true, "li": true, "br": true, "hr": true, "table": true, "tr": true, "td": true,
	"th": true, "thead": true, "tbody": true, "blockquote": true, "pre": true, "code": true, "a": true}
var voidTags = map[string]bool{"br": true, "hr": true}
var dropContent = map[string]bool{"script": true, "style": true, "iframe": true, "object": true,
	"embed": true, "template": true, "noscript": true}

var tagPattern = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
var hrefPattern = regexp.MustCompile(`(?i)\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// sanitize rebuilds the page from its allowed tags (without attributes, but for an http(s) link)
// and its escaped text.
func sanitize(page string) string {
	var out strings.Builder
	skipping := 0
	text := func(s string) {
		if skipping == 0 {
			out.WriteString(html.EscapeString(html.UnescapeString(s)))
		}
	}
	last := 0
	for _, m := range tagPattern.FindAllStringSubmatchIndex(page, -1) {
		text(page[last:m[0]])
		last = m[1]
		closing := m[3] > m[2]
		tag := strings.ToLower(page[m[4]:m[5]])
		attrs := page[m[6]:m[7]]
		switch {
		case dropContent[tag] && closing:
			skipping = max(0, skipping-1)
		case dropContent[tag]:
			skipping++
		case skipping > 0 || !allowedTags[tag]:
		case closing && !voidTags[tag]:
			out.WriteString("</" + tag + ">")
		case !closing:
			kept := ""
			if tag == "a" {
				if h := hrefPattern.FindStringSubmatch(attrs); h != nil {
					href := html.UnescapeString(h[1] + h[2] + h[3])
					if strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://") {
						kept = ` href="` + html.EscapeString(href) + `"`
					}
				}
			}
			out.WriteString("<" + tag + kept + ">")
		}
	}
	text(page[last:])
	return out.String()
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func fileField(r *http.Request, name string) ([]byte, bool) {
	file, _, err := r.FormFile(name)
	if err != nil {
		return nil, false
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	return data, err == nil
}

func addProfile(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	defer r.MultipartForm.RemoveAll()
	username := r.FormValue("username")
	page, havePage := "", false
	if values, ok := r.MultipartForm.Value["profile_page"]; ok && len(values) > 0 {
		page, havePage = values[0], true
	} else if data, ok := fileField(r, "profile_page"); ok {
		page, havePage = strings.ToValidUTF8(string(data), "\uFFFD"), true
	}
	photo, havePhoto := fileField(r, "profile_photo")
	if username == "" || len(username) > 100 || !havePage || !havePhoto {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	if !bytes.HasPrefix(photo, pngSignature) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "The photo must be a PNG"})
		return
	}
	if _, err := db.Exec("INSERT INTO profiles (username, page, photo) VALUES (?, ?, ?)",
		username, sanitize(page), photo); err != nil {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "Profile already exists"})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Profile created successfully"})
}

func profile(w http.ResponseWriter, r *http.Request) {
	var page string
	if db.QueryRow("SELECT page FROM profiles WHERE username = ?", r.PathValue("username")).Scan(&page) != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Profile not found"})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, page)
}

func profilePhoto(w http.ResponseWriter, r *http.Request) {
	var photo []byte
	if db.QueryRow("SELECT photo FROM profiles WHERE username = ?", r.PathValue("username")).Scan(&photo) != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Profile photo not found"})
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(photo)
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS profiles (username TEXT PRIMARY KEY,
		page TEXT NOT NULL, photo BLOB NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /add_profile", addProfile)
	mux.HandleFunc("GET /profile/{username}", profile)
	mux.HandleFunc("GET /profile-photo/{username}", profilePhoto)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
