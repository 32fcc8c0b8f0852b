# nn-tutor in a container (README: "Running it for a class or in production").
#   docker build -t nn-tutor .
#   docker run -p 3000:3000 -v nn-tutor-data:/data \
#     -e LOCAL_CHAT_ALLOWED_HOSTS=<the name or address students type> --stop-timeout 45 nn-tutor
# node is PID 1 and handles SIGTERM itself (`docker stop` → graceful shutdown, exit 0); give it
# more than Docker's default 10 s to stop, since running jobs get 10 s of grace first.
FROM node:20-bookworm
# DejaVu fonts for the text in charts; python3/make/g++ (in this image) build better-sqlite3 if no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV LOCAL_CHAT_HOST=0.0.0.0 LOCAL_CHAT_PORT=3000 DATA_DIR=/data LOG_FORMAT=json NODE_ENV=production
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
