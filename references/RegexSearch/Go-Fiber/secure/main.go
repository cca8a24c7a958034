package main

import (
	"io/fs"
	"log"

	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const maxFileBytes = 10 << 20 // larger files are not searched

var root string

// inside says whether path, with its symlinks resolved, lies in root.
func inside(path string) (string, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(root, real)
	return real, err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func search(c *fiber.Ctx) error {
	pattern := c.Query("regex")
	if pattern == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "regex is required"})
	}
	// Go's regexp (RE2) matches in time linear in the input: no pattern can backtrack for ever.
	re, err := regexp.Compile(pattern)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "invalid regex: " + err.Error()})
	}
	base, ok := inside(filepath.Join(root, strings.TrimLeft(c.Query("directory"), `/\`)))
	if info, err := os.Stat(base); !ok || err != nil || !info.IsDir() {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "directory not found or not accessible"})
	}
	recursive := map[string]bool{"true": true, "1": true, "yes": true}[strings.ToLower(c.Query("recursive"))]
	files := []string{}
	err = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != base && !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		real, ok := inside(path)
		if !ok {
			return nil
		}
		info, err := os.Stat(real)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxFileBytes {
			return nil
		}
		data, err := os.ReadFile(real)
		if err != nil {
			return nil
		}
		if re.Match(data) {
			rel, _ := filepath.Rel(base, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not read the files"})
	}
	sort.Strings(files)
	return c.Status(fiber.StatusOK).JSON(map[string][]string{"files": files})
}

func main() {
	var err error
	if root, err = filepath.Abs("files"); err != nil {
		log.Fatal(err)
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	app := fiber.New()
	app.Get("/search", search)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
