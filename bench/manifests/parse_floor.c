/* Parse-only floor for the check-manifests benchmark: libyaml (the copy inside Yams, the same C
 * code opsctl uses) parsing the same files to events, nothing else. Prints the event count.
 *
 *   cc -O2 -DYAML_DECLARE_STATIC -I.build/checkouts/Yams/Sources/CYaml/include \
 *      bench/manifests/parse_floor.c .build/checkouts/Yams/Sources/CYaml/src/*.c -o /tmp/parse_floor
 *   find corpus -name '*.yaml' -o -name '*.json' | /tmp/parse_floor
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

int main(void) {
    char path[4096];
    long events = 0, files = 0, errors = 0;
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = 0;
        FILE *file = fopen(path, "rb");
        if (!file) { perror(path); return 2; }
        fseek(file, 0, SEEK_END);
        long size = ftell(file);
        fseek(file, 0, SEEK_SET);
        unsigned char *bytes = malloc(size > 0 ? size : 1);
        if (!bytes || fread(bytes, 1, size, file) != (size_t)size) { fclose(file); return 2; }
        fclose(file);
        yaml_parser_t parser;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, bytes, size);
        for (;;) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) { errors++; break; }
            int done = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            events++;
            if (done) break;
        }
        yaml_parser_delete(&parser);
        free(bytes);
        files++;
    }
    printf("%ld files, %ld events, %ld parse errors\n", files, events, errors);
    return 0;
}
