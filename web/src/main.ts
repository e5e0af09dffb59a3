const app = document.getElementById('app');
if (app) app.textContent = 'Kết quả bầu cử';
